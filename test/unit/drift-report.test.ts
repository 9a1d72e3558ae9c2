/**
 * The drift report as the command prints it (lambda/drift/report-format.ts), the exit status it gives
 * (lambda/drift/drift-check.ts), and what a scheduled run logs and answers (lambda/drift/scheduled.ts), from reports
 * and mocked SDK clients.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  ResourceNotFoundException,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CampaignApi } from '../../lambda/campaign-api';
import { DriftReport, DriftRow, exitStatus } from '../../lambda/drift/drift-check';
import { describeLimits, formatJson, formatTable } from '../../lambda/drift/report-format';
import { runScheduledDriftCheck } from '../../lambda/drift/scheduled';
import { InstanceApi } from '../../lambda/instance-api';
import { logger } from '../../lambda/logger';
import { MetricsApi } from '../../lambda/metrics-api';
import { StackApi } from '../../lambda/stack-api';

const STACK = { stackId: 'arn:stack/Outreach', stackName: 'Outreach', status: 'UPDATE_COMPLETE' };
const WEEKLY = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' as const }] },
};
const row = (extra: Partial<DriftRow> = {}): DriftRow => ({
  path: 'Outreach/Limits',
  logicalId: 'Limits',
  kind: 'campaign',
  target: 'c-1',
  declared: WEEKLY,
  live: WEEKLY,
  verdict: 'in sync',
  ...extra,
});
const report = (rows: DriftRow[], extra: Partial<DriftReport> = {}): DriftReport => ({
  stack: STACK,
  checked: true,
  rows,
  ...extra,
});

describe('describeLimits', () => {
  test('caps by count and days, one day as "per day", then the instance limits handling', () => {
    expect(
      describeLimits({
        allChannelSubtypes: {
          communicationLimitsList: [
            { maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' },
            { maxCountPerRecipient: 1, frequency: 1, unit: 'DAY' },
          ],
        },
        instanceLimitsHandling: 'OPT_IN',
      }),
    ).toBe('3 per 7 days, 1 per day; instance limits OPT_IN');
  });

  test('no caps, no override, no instance limits, nothing read', () => {
    expect(describeLimits({ instanceLimitsHandling: 'OPT_OUT' })).toBe('(no caps); instance limits OPT_OUT');
    expect(describeLimits({})).toBe('(no caps)');
    expect(describeLimits(null)).toBe('(no override)');
    expect(describeLimits(null, 'campaign')).toBe('(no override)');
    expect(describeLimits(null, 'instance')).toBe('(none)');
    expect(describeLimits(undefined)).toBe('-');
  });
});

describe('formatTable', () => {
  test('a stack not checked says why', () => {
    expect(formatTable(report([], { checked: false, reason: 'stack Outreach is UPDATE_IN_PROGRESS' }))).toBe(
      'stack Outreach (UPDATE_COMPLETE)\nnot checked: stack Outreach is UPDATE_IN_PROGRESS',
    );
  });

  test('a stack without our constructs says so', () => {
    expect(formatTable(report([]))).toBe(
      'stack Outreach (UPDATE_COMPLETE)\nno CampaignCommunicationLimits or InstanceCommunicationLimits in this stack',
    );
  });

  test('columns are as wide as their widest cell; the reason and the correction follow the verdict', () => {
    const table = formatTable(
      report([
        row({ verdict: 'unknown', declared: undefined, live: undefined, reason: 'Ref Secret cannot be resolved' }),
        row({
          path: 'Outreach/Caps',
          kind: 'instance',
          target: 'i-1',
          live: null,
          verdict: 'drifted',
          correction: { corrected: true, detail: 'corrected: the declared limits were re-applied' },
        }),
        row({ path: 'L', live: null, state: 'Initialized', verdict: 'override missing' }),
      ]),
    );
    expect(table.split('\n')).toEqual([
      'stack Outreach (UPDATE_COMPLETE)',
      '',
      'construct        target        declared      live           campaign state  verdict',
      'Outreach/Limits  campaign c-1  -             -              -               unknown (Ref Secret cannot be resolved)',
      'Outreach/Caps    instance i-1  3 per 7 days  (none)         -               drifted; corrected: the declared limits were re-applied',
      'L                campaign c-1  3 per 7 days  (no override)  Initialized     override missing',
    ]);
  });
});

describe('formatJson and exitStatus', () => {
  test('the JSON is the report with its exit status', () => {
    const r = report([row()]);
    expect(JSON.parse(formatJson(r))).toEqual({ ...JSON.parse(JSON.stringify(r)), exitStatus: 0 });
    expect(formatJson(r)).toContain('\n  "stack": {\n    "stackId": "arn:stack/Outreach"');
  });

  test.each([
    ['every row in sync', [row()], {}, 0],
    ['a drifted row', [row(), row({ verdict: 'drifted' })], {}, 1],
    ['a drifted row corrected', [row({ verdict: 'drifted', correction: { corrected: true, detail: '' } })], {}, 0],
    [
      'a drifted row not corrected',
      [row({ verdict: 'target gone', correction: { corrected: false, detail: '' } })],
      {},
      1,
    ],
    ['an unknown row', [row(), row({ verdict: 'unknown' })], {}, 2],
    [
      'drift and an unknown row',
      [row({ verdict: 'unknown' }), row({ verdict: 'cannot correct: not Initialized' })],
      {},
      1,
    ],
    ['a stack not checked', [], { checked: false }, 2],
    ['a checked stack without rows', [], {}, 0],
  ] as const)('%s: exit status %d', (_what, rows, extra, status) => {
    expect(exitStatus(report([...rows], extra))).toBe(status);
  });
});

describe('runScheduledDriftCheck', () => {
  const campaigns = mockClient(ConnectCampaignsV2Client);
  const stacks = mockClient(CloudFormationClient);
  const metrics = mockClient(CloudWatchClient);
  const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d';
  const ids = ['aaaaaaaa-0000', 'bbbbbbbb-0000', 'cccccccc-0000', 'dddddddd-0000'];

  /** Four campaigns: in sync, drifted (corrected when asked), not Initialized, and one whose limits are unknown. */
  function fourCampaigns(status = 'UPDATE_COMPLETE') {
    const limits = [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: 'DAY' }];
    const resources = Object.fromEntries(
      ids.map((id, i) => [
        `L${i}`,
        {
          Type: 'Custom::ConnectCampaignCommunicationLimits',
          Properties: {
            CampaignId: id,
            CommunicationLimits: i === 3 ? [{ ...limits[0], Frequency: { Ref: 'Secret' } }] : limits,
            RemovalPolicy: 'Destroy',
          },
        },
      ]),
    );
    stacks.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackId: STACK_ID, StackName: 'Outreach', StackStatus: status as never, CreationTime: new Date() }],
    });
    stacks.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify({ Resources: resources }) });
    stacks.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: ids.map((id, i) => ({
        LogicalResourceId: `L${i}`,
        PhysicalResourceId: id,
        ResourceType: 'Custom::ConnectCampaignCommunicationLimits',
        ResourceStatus: 'CREATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      })),
    });
    const edited = {
      allChannelSubtypes: {
        communicationLimitsList: [{ ...WEEKLY.allChannelSubtypes.communicationLimitsList[0], maxCountPerRecipient: 9 }],
      },
    };
    campaigns
      .on(DescribeCampaignCommand, { id: ids[0] })
      .resolves({ campaign: { communicationLimitsOverride: WEEKLY } as never });
    campaigns
      .on(DescribeCampaignCommand, { id: ids[1] })
      .resolves({ campaign: { communicationLimitsOverride: edited } as never });
    campaigns.on(DescribeCampaignCommand, { id: ids[2] }).resolves({ campaign: {} as never });
    campaigns.on(GetCampaignStateCommand, { id: ids[1] }).resolves({ state: 'Initialized' });
    campaigns.on(GetCampaignStateCommand, { id: ids[2] }).resolves({ state: 'Running' });
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
    metrics.on(PutMetricDataCommand).resolves({});
  }

  function run(correct: boolean) {
    const retry = { deadline: Date.now() + 30_000 };
    const connect = new ConnectCampaignsV2Client({});
    return runScheduledDriftCheck(
      { DriftCheck: { StackId: STACK_ID, Correct: correct } },
      {
        campaigns: new CampaignApi(connect, retry),
        instances: new InstanceApi(connect, retry),
        stack: new StackApi(new CloudFormationClient({}), STACK_ID, retry),
        metrics: new MetricsApi(new CloudWatchClient({}), retry),
      },
    );
  }

  let warn: jest.SpyInstance;
  let info: jest.SpyInstance;
  beforeEach(() => {
    campaigns.reset();
    stacks.reset();
    metrics.reset();
    warn = jest.spyOn(logger, 'warn');
    info = jest.spyOn(logger, 'info');
  });
  afterEach(() => {
    warn.mockRestore();
    info.mockRestore();
  });

  test('counts the targets, the drifted, the corrected and the unknown, and publishes the drifted', async () => {
    fourCampaigns();
    const summary = { stackName: 'Outreach', checked: true, targets: 4, drifted: 2, corrected: 1, unknown: 1 };
    await expect(run(true)).resolves.toEqual(summary);
    expect(metrics).toHaveReceivedCommandWith(PutMetricDataCommand, {
      MetricData: [expect.objectContaining({ Value: 2, Dimensions: [{ Name: 'StackName', Value: 'Outreach' }] })],
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
    expect(info).toHaveBeenCalledWith('Drift check done', summary);
  });

  test('without correct, nothing is corrected, and nothing written', async () => {
    fourCampaigns();
    await expect(run(false)).resolves.toMatchObject({ drifted: 2, corrected: 0 });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 0);
  });

  test('logs one line per drifted target, with what was declared, what is live, the state and the correction', async () => {
    fourCampaigns();
    await run(true);
    const drifted = warn.mock.calls.filter(([message]) => message === 'Drifted');
    expect(drifted).toEqual([
      [
        'Drifted',
        {
          construct: 'L1',
          campaign: ids[1],
          verdict: 'drifted',
          declared: WEEKLY,
          live: expect.objectContaining({ allChannelSubtypes: expect.anything() }),
          state: 'Initialized',
          correction: 'corrected: the declared limits were re-applied',
        },
      ],
      [
        'Drifted',
        {
          construct: 'L2',
          campaign: ids[2],
          verdict: 'cannot correct: not Initialized',
          declared: WEEKLY,
          live: 'none',
          state: 'Running',
          correction:
            'not corrected: the campaign is Running: Connect accepts limit changes only while it is Initialized',
        },
      ],
    ]);
    expect(warn).toHaveBeenCalledWith('Drift unknown', {
      construct: 'L3',
      campaign: ids[3],
      reason: 'Ref Secret cannot be resolved from CloudFormation',
    });
  });

  test('a drifted line without a state read or a correction has neither field', async () => {
    fourCampaigns();
    campaigns
      .on(DescribeCampaignCommand, { id: ids[1] })
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    await run(false);
    const gone = warn.mock.calls.find(([message, fields]) => message === 'Drifted' && fields.campaign === ids[1]);
    expect(gone).toEqual(['Drifted', { construct: 'L1', campaign: ids[1], verdict: 'target gone', declared: WEEKLY }]);
  });

  test('a stack with an operation in progress: nothing published, a warning with the reason', async () => {
    fourCampaigns('UPDATE_IN_PROGRESS');
    await expect(run(true)).resolves.toEqual({
      stackName: 'Outreach',
      checked: false,
      targets: 0,
      drifted: 0,
      corrected: 0,
      unknown: 0,
    });
    expect(metrics.calls()).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith('Drift not checked', {
      stackName: 'Outreach',
      reason: expect.stringContaining('stack Outreach is UPDATE_IN_PROGRESS'),
    });
  });
});
