/**
 * The drift check of instance targets (lambda/drift/instance-target.ts) where a template takes the instance id from
 * an attribute, or the read fails for a reason other than a gone instance; and the command's entry point
 * (lambda/drift/cli.ts run as a script), which the in-process tests of `main` do not reach.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  ConnectCampaignsV2Client,
  GetInstanceCommunicationLimitsCommand,
  PutInstanceCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CampaignApi } from '../../lambda/campaign-api';
import { checkDrift, DriftReport } from '../../lambda/drift/drift-check';
import { targetKinds } from '../../lambda/drift/targets';
import { InstanceApi } from '../../lambda/instance-api';
import { StackApi } from '../../lambda/stack-api';

const campaigns = mockClient(ConnectCampaignsV2Client);
const stacks = mockClient(CloudFormationClient);

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d-0000-1111-2222-333344445555';
const INSTANCE = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const WEEKLY = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' as const }] },
};

/** A stack holding one instance resource (logical id `Caps`) whose `ConnectInstanceId` is `connectInstanceId`. */
function instanceStack(connectInstanceId: unknown) {
  const caps = {
    Type: 'Custom::ConnectInstanceCommunicationLimits',
    Properties: {
      ServiceToken: { 'Fn::GetAtt': ['ProviderframeworkonEvent', 'Arn'] },
      ConnectInstanceId: connectInstanceId,
      CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: 'DAY' }],
      RemovalPolicy: 'Destroy',
    },
  };
  stacks.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackId: STACK_ID, StackName: 'Outreach', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }],
  });
  stacks.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify({ Resources: { Caps: caps } }) });
  stacks.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      {
        LogicalResourceId: 'Caps',
        PhysicalResourceId: INSTANCE,
        ResourceType: caps.Type,
        ResourceStatus: 'UPDATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
    ],
  });
}

function check(correct: boolean): Promise<DriftReport> {
  const retry = { deadline: Date.now() + 30_000 };
  return checkDrift(
    new StackApi(new CloudFormationClient({}), STACK_ID, retry),
    targetKinds({
      campaigns: new CampaignApi(new ConnectCampaignsV2Client({}), retry),
      instances: new InstanceApi(new ConnectCampaignsV2Client({}), retry),
    }),
    { correct },
  );
}

beforeEach(() => {
  campaigns.reset();
  stacks.reset();
});

describe('instance targets', () => {
  test('an instance id taken from an attribute is the resource physical id: the instance is read and in sync', async () => {
    instanceStack({ 'Fn::GetAtt': ['Instance', 'Arn'] });
    campaigns
      .on(GetInstanceCommunicationLimitsCommand, { connectInstanceId: INSTANCE }, true)
      .resolves({ communicationLimitsConfig: WEEKLY });
    const report = await check(false);
    expect(report.rows).toEqual([
      expect.objectContaining({ kind: 'instance', target: INSTANCE, verdict: 'in sync', declared: WEEKLY }),
    ]);
    expect(campaigns).toHaveReceivedCommandTimes(GetInstanceCommunicationLimitsCommand, 1);
  });

  test('a read that is denied is unknown with the reason, not a gone instance, and nothing is put', async () => {
    instanceStack(INSTANCE);
    campaigns
      .on(GetInstanceCommunicationLimitsCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    const report = await check(true);
    expect(report.rows).toEqual([
      expect.objectContaining({
        target: INSTANCE,
        verdict: 'unknown',
        reason: `GetInstanceCommunicationLimits failed for Amazon Connect instance ${INSTANCE}: AccessDeniedException: User is not authorized`,
      }),
    ]);
    expect(report.rows[0].correction).toBeUndefined();
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 0);
  });
});

describe('the command run as a script', () => {
  const ROOT = path.join(__dirname, '../..');
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'drift-cli-'));
  });
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs lambda/drift/cli.ts through tsx, with no AWS credentials anywhere (no call can reach AWS). */
  function runCli(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const tsx = require.resolve('tsx/cli');
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [tsx, path.join(ROOT, 'lambda/drift/cli.ts'), ...args],
        { env, cwd: ROOT },
        (error, stdout, stderr) => {
          const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ status, stdout, stderr });
        },
      );
    });
  }

  test('passes its own arguments to main and exits with the status main answers', async () => {
    const result = await runCli(['drift', '--stack', 'Outreach', '--region', 'us-east-1']);
    expect(result.stderr).toMatch(/^could not check stack Outreach: DescribeStacks failed for stack Outreach: /);
    expect(result.stderr).not.toContain('usage:');
    expect(result.status).toBe(2);
  }, 60_000);
});
