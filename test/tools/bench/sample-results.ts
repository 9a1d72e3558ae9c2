/** Results shaped like a full run's (the figures of docs/benchmarks.md at 5bf5abd), for the report's tests. */
import type { LambdaCode } from '../../../tools/bench/measure-handler';
import type { BenchResults, DeployResults } from '../../../tools/bench/results';

const synth = (variant: 'ours' | 'awscr', count: number, samplesMs: number[]) => ({
  variant,
  count,
  medianMs: [...samplesMs].sort((a, b) => a - b)[1],
  samplesMs,
  assemblyDir: '/tmp/none',
});

const code = (handler: string, bytes: number): LambdaCode => ({
  logicalId: handler,
  handler,
  assetDir: '/tmp/none',
  bytes,
  entryFile: '/tmp/none/index.js',
});

const init = (moduleMs: number, withExtraMs = moduleMs) => ({ moduleMs, withExtraMs, samples: [] });

const step = (status: string, calls = 1) => ({ status, calls, byOperation: {}, ms: 1000 });

export const SAMPLE_DEPLOY: DeployResults = {
  apiCalls: {
    ours: { create: step('CREATE_COMPLETE'), update: step('UPDATE_COMPLETE'), delete: step('DELETE_COMPLETE') },
    awscr: { create: step('CREATE_COMPLETE'), update: step('UPDATE_COMPLETE'), delete: step('DELETE_COMPLETE') },
  },
  throttle: {
    ours: {
      count: 50,
      ratePerSecond: 5,
      burst: 1,
      idealSeconds: 10,
      create: {
        status: 'CREATE_COMPLETE',
        seconds: 22.4,
        applied: 50,
        overridesLeft: 50,
        throttledCalls: 225,
        calls: 275,
        apiSeconds: 18.3,
      },
      delete: { status: 'DELETE_COMPLETE', seconds: 17, overridesLeft: 0, throttledCalls: 200, apiSeconds: 16.7 },
    },
    awscr: {
      count: 50,
      ratePerSecond: 5,
      burst: 1,
      idealSeconds: 10,
      create: {
        status: 'ROLLBACK_FAILED',
        seconds: 9.2,
        applied: 20,
        overridesLeft: 13,
        throttledCalls: 245,
        calls: 277,
        apiSeconds: 8.1,
        reason: 'Limits214E5438D: Rate exceeded',
      },
      delete: {
        status: 'DELETE_FAILED',
        seconds: 3,
        overridesLeft: 8,
        throttledCalls: 30,
        reason: 'Limits3316751386: Rate exceeded',
      },
    },
  },
  lifecycle: {
    deleteAfterCampaignGone: {
      ours: {
        status: 'DELETE_COMPLETE',
        overrideAfter: 'campaign gone',
        calls: { 'DeleteCampaignCommunicationLimits (ResourceNotFoundException)': 1 },
        failures: [],
      },
      awscr: {
        status: 'DELETE_FAILED',
        overrideAfter: 'campaign gone',
        calls: { 'DeleteCampaignCommunicationLimits (ResourceNotFoundException)': 1 },
        failures: ['delete DELETE: Resource not found'],
      },
    },
    deleteAfterRunning: {
      ours: {
        status: 'DELETE_COMPLETE',
        overrideAfter: '3 in 7 days, 1 in 1 day',
        calls: { 'DeleteCampaignCommunicationLimits (InvalidCampaignStateException)': 1 },
        failures: [],
      },
      awscr: {
        status: 'DELETE_FAILED',
        overrideAfter: '3 in 7 days, 1 in 1 day',
        calls: { 'DeleteCampaignCommunicationLimits (InvalidCampaignStateException)': 1 },
        failures: ['delete DELETE: Campaign is in Running state'],
      },
    },
    rollbackUpdateOnRunning: {
      ours: {
        status: 'UPDATE_ROLLBACK_COMPLETE',
        overrideAfter: '3 in 7 days, 1 in 1 day',
        calls: { 'UpdateCampaignCommunicationLimits (InvalidCampaignStateException)': 2, DescribeCampaign: 2 },
        failures: ['deploy UPDATE: Campaign is Running'],
      },
      awscr: {
        status: 'UPDATE_ROLLBACK_FAILED',
        overrideAfter: '3 in 7 days, 1 in 1 day',
        calls: { 'UpdateCampaignCommunicationLimits (InvalidCampaignStateException)': 2 },
        failures: ['deploy UPDATE: Campaign is in Running state', 'rollback UPDATE: Campaign is in Running state'],
      },
    },
    badValue: {
      ours: {
        status: 'ROLLBACK_COMPLETE',
        overrideAfter: 'none',
        calls: {},
        failures: ['deploy CREATE: communicationLimits[0].frequency must be an integer from 1 to 30; got "31"'],
      },
      awscr: {
        status: 'ROLLBACK_COMPLETE',
        overrideAfter: 'none',
        calls: { 'UpdateCampaignCommunicationLimits (ValidationException)': 1, DeleteCampaignCommunicationLimits: 1 },
        failures: ['deploy CREATE: 1 validation error detected'],
      },
    },
  },
};

export const SAMPLE_RESULTS: BenchResults = {
  machine: {
    date: '2026-11-29T19:01:32Z',
    cpuModel: 'AMD EPYC',
    cores: 2,
    memoryGiB: 24,
    platform: 'Linux 6.18.44-fc-v857 x64',
    node: 'v20.20.2',
    awsCdkLib: '2.257.0',
    connectCampaignsClient: '3.1138.0',
    commit: '5bf5abd',
    uncommitted: [],
    handlerBundleHash: '685081139909',
  },
  quick: false,
  command: 'npx tsx tools/bench/index.ts',
  synthRuns: 3,
  initRuns: 5,
  counts: { small: 1, large: 480 },
  synth: {
    ours: { small: synth('ours', 1, [417, 341, 331]), large: synth('ours', 480, [737, 696, 673]) },
    awscr: { small: synth('awscr', 1, [257, 256, 335]), large: synth('awscr', 480, [1795, 1925, 1415]) },
  },
  templates: {
    ours: {
      small: {
        bytes: 9698,
        compactBytes: 7000,
        resources: 9,
        resourcesByType: {},
        lambdaFunctions: 2,
        largestRole: { roleLogicalId: 'Role', policyCount: 1, totalChars: 500 },
      },
      large: {
        bytes: 398_089,
        compactBytes: 300_000,
        resources: 488,
        resourcesByType: {},
        lambdaFunctions: 2,
        largestRole: { roleLogicalId: 'Role', policyCount: 1, totalChars: 639 },
      },
    },
    awscr: {
      small: {
        bytes: 4945,
        compactBytes: 3500,
        resources: 4,
        resourcesByType: {},
        lambdaFunctions: 1,
        largestRole: { roleLogicalId: 'Role', policyCount: 1, totalChars: 442 },
      },
      large: {
        bytes: 1_413_731,
        compactBytes: 1_081_940,
        resources: 962,
        resourcesByType: {},
        lambdaFunctions: 1,
        largestRole: { roleLogicalId: 'Role', policyCount: 480, totalChars: 212_160 },
      },
    },
  },
  defaultSynthErrors: {
    awscr:
      "Number of resources in stack 'BenchAwsCustomResource': 962 is greater than allowed maximum of 500: " +
      'Custom::AWS (480), AWS::IAM::Policy (480), AWS::IAM::Role (1), AWS::Lambda::Function (1)',
  },
  iam: {
    largestAtLarge: {
      ours: { roleLogicalId: 'Role', policyCount: 1, totalChars: 639 },
      awscr: { roleLogicalId: 'Role', policyCount: 480, totalChars: 212_160 },
    },
    firstCountOverLimit: { ours: undefined, awscr: 24 },
    searchMax: 480,
    oursListsArnsUpTo: 32,
    oursPeak: { count: 32, chars: 4055 },
  },
  handlers: {
    oursHandler: { ...code('index.handler', 394_049), init: init(44) },
    oursFramework: { ...code('framework.onEvent', 10_252), init: init(56) },
    awscrHandler: { ...code('index.handler', 134_374), init: init(7, 51) },
  },
  diff: {
    ours: {
      changedProperties: ['CommunicationLimits'],
      longestLeafPath: 'CommunicationLimits.0.Frequency',
      longestLeafChars: 1,
      longestPropertyChars: 109,
    },
    awscr: {
      changedProperties: ['Create', 'Update'],
      longestLeafPath: 'Create',
      longestLeafChars: 428,
      longestPropertyChars: 476,
    },
  },
  deploy: SAMPLE_DEPLOY,
  totalSeconds: 76,
};
