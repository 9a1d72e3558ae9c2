/**
 * The drift engine (lambda/drift) against mocked SDK clients (aws-sdk-client-mock): what it reads of the stack, one
 * read per target, the state only when the verdict needs it, retries, corrections, and the scheduled run through the
 * handler's entry point. Each stub accepts only the exact expected input.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  GetInstanceCommunicationLimitsCommand,
  PutInstanceCommunicationLimitsCommand,
  InvalidCampaignStateException,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CampaignApi } from '../../lambda/campaign-api';
import { InstanceApi } from '../../lambda/instance-api';
import { checkDrift, DriftReport, exitStatus } from '../../lambda/drift/drift-check';
import { asDelivered, resolveIntrinsics, Unknown } from '../../lambda/drift/intrinsics';
import { formatTable } from '../../lambda/drift/report-format';
import { targetKinds } from '../../lambda/drift/targets';
import { logger } from '../../lambda/logger';
import { handler } from '../../lambda/on-event';
import { StackApi } from '../../lambda/stack-api';
import { isDriftCheckInput } from '../../lib/shared/drift-contract';
import { lambdaContext } from '../support/cfn-events';

const campaigns = mockClient(ConnectCampaignsV2Client);
const stacks = mockClient(CloudFormationClient);
const metrics = mockClient(CloudWatchClient);
const meta = { $metadata: {} };

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d-0000-1111-2222-333344445555';
const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const WEEKLY = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' as const }] },
};
const EDITED = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 9, frequency: 7, unit: 'DAY' as const }] },
};

/** A template resource of our type, as the construct writes it. */
function limitsResource(properties: Record<string, unknown> = {}) {
  return {
    Type: 'Custom::ConnectCampaignCommunicationLimits',
    Properties: {
      ServiceToken: { 'Fn::GetAtt': ['ProviderframeworkonEvent', 'Arn'] },
      CampaignId: A,
      CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: 'DAY' }],
      RemovalPolicy: 'Destroy',
      ...properties,
    },
    Metadata: { 'aws:cdk:path': 'Outreach/Limits/Resource/Default' },
  };
}

/** The stack as CloudFormation reports it. */
function stackIs(
  status: string,
  resources: Record<string, unknown> = { Limits: limitsResource() },
  parameters: { declarations?: Record<string, unknown>; values?: Parameter[] } = {},
) {
  stacks.on(DescribeStacksCommand, { StackName: STACK_ID }, true).resolves({
    Stacks: [
      {
        StackId: STACK_ID,
        StackName: 'Outreach',
        StackStatus: status as never,
        CreationTime: new Date(),
        Parameters: parameters.values,
      },
    ],
  });
  stacks
    .on(GetTemplateCommand, { StackName: STACK_ID }, true)
    .resolves({ TemplateBody: JSON.stringify({ Parameters: parameters.declarations, Resources: resources }) });
  stacks.on(ListStackResourcesCommand, { StackName: STACK_ID }, true).resolves({
    StackResourceSummaries: Object.entries(resources).map(([logicalId, r]) => ({
      LogicalResourceId: logicalId,
      PhysicalResourceId: A,
      ResourceType: (r as { Type: string }).Type,
      ResourceStatus: 'CREATE_COMPLETE' as const,
      LastUpdatedTimestamp: new Date(),
    })),
  });
}

function liveOverride(override: object | undefined) {
  campaigns.on(DescribeCampaignCommand, { id: A }, true).resolves({
    campaign: {
      id: A,
      arn: 'arn',
      name: 'a',
      connectInstanceId: 'i',
      channelSubtypeConfig: {},
      communicationLimitsOverride: override,
    },
  });
}

function check(correct = false): Promise<DriftReport> {
  const retry = { deadline: Date.now() + 30_000 };
  const stack = new StackApi(new CloudFormationClient({}), STACK_ID, retry);
  return checkDrift(
    stack,
    targetKinds({
      campaigns: new CampaignApi(new ConnectCampaignsV2Client({}), retry),
      instances: new InstanceApi(new ConnectCampaignsV2Client({}), retry),
    }),
    {
      correct,
    },
  );
}

beforeAll(() => logger.setLogLevel('SILENT'));
beforeEach(() => {
  campaigns.reset();
  stacks.reset();
  metrics.reset();
});

describe('intrinsics', () => {
  const refs = {
    Frequency: '14',
    Names: ['x', 'y'],
    'AWS::Region': 'eu-west-2',
    Secret: new Unknown('Ref Secret (a NoEcho parameter)'),
  };

  test('Ref to a parameter or pseudo parameter, Fn::Join, Fn::Select of Fn::Split of an ARN, Fn::Sub', () => {
    expect(resolveIntrinsics({ Ref: 'Frequency' }, refs)).toBe('14');
    expect(resolveIntrinsics({ 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, 'a']] }, refs)).toBe('eu-west-2-a');
    const arn = 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/c-1';
    expect(resolveIntrinsics({ 'Fn::Select': [1, { 'Fn::Split': [':campaign/', arn] }] }, refs)).toBe('c-1');
    expect(resolveIntrinsics({ 'Fn::Select': ['1', { Ref: 'Names' }] }, refs)).toBe('y');
    expect(resolveIntrinsics({ 'Fn::Sub': 'f-${Frequency}-${AWS::Region}-${!Literal}' }, refs)).toBe(
      'f-14-eu-west-2-${Literal}',
    );
    expect(resolveIntrinsics({ A: { Ref: 'AWS::NoValue' }, B: [1, { Ref: 'AWS::NoValue' }] }, refs)).toEqual({
      B: [1],
    });
  });

  test('an attribute, a resource, an import or a NoEcho parameter is unknown, also inside another function', () => {
    expect(resolveIntrinsics({ 'Fn::GetAtt': ['Campaign', 'Arn'] }, refs)).toEqual(new Unknown('Fn::GetAtt'));
    expect(resolveIntrinsics({ Ref: 'Campaign' }, refs)).toEqual(new Unknown('Ref Campaign'));
    expect(resolveIntrinsics({ 'Fn::ImportValue': 'x' }, refs)).toEqual(new Unknown('Fn::ImportValue'));
    expect(resolveIntrinsics({ 'Fn::Join': ['', [{ Ref: 'Secret' }]] }, refs)).toEqual(refs.Secret);
    expect(
      resolveIntrinsics({ 'Fn::Select': [0, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['C', 'Arn'] }] }] }, refs),
    ).toEqual(new Unknown('Fn::GetAtt'));
  });

  test('values are delivered as CloudFormation delivers them: numbers and booleans as strings', () => {
    expect(asDelivered({ A: [{ B: 7, C: true, D: 'x' }] })).toEqual({ A: [{ B: '7', C: 'true', D: 'x' }] });
  });
});

describe('checkDrift', () => {
  test('in sync: one DescribeCampaign, no state read, no write', async () => {
    stackIs('UPDATE_COMPLETE');
    liveOverride(WEEKLY);
    const report = await check(true);
    expect(report.rows).toEqual([
      {
        path: 'Outreach/Limits',
        logicalId: 'Limits',
        kind: 'campaign',
        target: A,
        declared: WEEKLY,
        live: WEEKLY,
        verdict: 'in sync',
      },
    ]);
    expect(campaigns.calls()).toHaveLength(1);
    expect(exitStatus(report)).toBe(0);
  });

  test.each([
    ['drifted', EDITED, 'Initialized', 'drifted'],
    ['override missing', undefined, 'Initialized', 'override missing'],
    ['not Initialized', EDITED, 'Running', 'cannot correct: not Initialized'],
    ['not Initialized, no override', undefined, 'Paused', 'cannot correct: not Initialized'],
  ] as const)('%s: the state is read to tell whether it can be corrected', async (_, live, state, verdict) => {
    stackIs('CREATE_COMPLETE');
    liveOverride(live);
    campaigns.on(GetCampaignStateCommand, { id: A }, true).resolves({ state });
    const report = await check();
    expect(report.rows[0]).toMatchObject({ verdict, state, live: live ?? null });
    expect(exitStatus(report)).toBe(1);
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 0);
  });

  test('target gone: the campaign does not exist', async () => {
    stackIs('UPDATE_COMPLETE');
    campaigns.on(DescribeCampaignCommand).rejects(new ResourceNotFoundException({ message: 'not found', ...meta }));
    const report = await check(true);
    expect(report.rows[0]).toMatchObject({
      verdict: 'target gone',
      correction: { corrected: false, detail: 'not corrected: the campaign no longer exists' },
    });
    expect(exitStatus(report)).toBe(1);
  });

  test('reads are retried under throttling, like writes', async () => {
    stackIs('UPDATE_COMPLETE');
    campaigns
      .on(DescribeCampaignCommand, { id: A }, true)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', ...meta }))
      .resolves({ campaign: { communicationLimitsOverride: WEEKLY } as never });
    stacks
      .on(GetTemplateCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
      .resolves({
        TemplateBody: JSON.stringify({ Resources: { Limits: limitsResource() } }),
      });
    expect((await check()).rows[0].verdict).toBe('in sync');
    expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 2);
    expect(stacks).toHaveReceivedCommandTimes(GetTemplateCommand, 2);
  });

  test('correct: re-applies exactly the declared override to an Initialized campaign', async () => {
    stackIs('UPDATE_COMPLETE');
    liveOverride(EDITED);
    campaigns.on(GetCampaignStateCommand, { id: A }, true).resolves({ state: 'Initialized' });
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand, { id: A, communicationLimitsOverride: WEEKLY }, true)
      .resolves({});
    const report = await check(true);
    expect(report.rows[0].correction).toEqual({
      corrected: true,
      detail: 'corrected: the declared limits were re-applied',
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
    expect(exitStatus(report)).toBe(0);
  });

  test('correct: a campaign that starts running meanwhile is reported as not corrected', async () => {
    stackIs('UPDATE_COMPLETE');
    liveOverride(EDITED);
    campaigns.on(GetCampaignStateCommand, { id: A }, true).resolves({ state: 'Initialized' });
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new InvalidCampaignStateException({ message: 'Invalid campaign state', state: 'Running', ...meta }));
    const report = await check(true);
    expect(report.rows[0].correction).toEqual({
      corrected: false,
      detail: 'not corrected: the campaign became Running: Connect accepts limit changes only while it is Initialized',
    });
    expect(exitStatus(report)).toBe(1);
  });

  test('an operation in progress: only DescribeStacks is read, nothing checked', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    const report = await check(true);
    expect(report).toMatchObject({ checked: false, rows: [] });
    expect(report.reason).toContain('is UPDATE_ROLLBACK_IN_PROGRESS');
    expect(stacks.calls()).toHaveLength(1);
    expect(campaigns.calls()).toHaveLength(0);
    expect(exitStatus(report)).toBe(2);
  });

  test('parameters: typed values from DescribeStacks; a NoEcho value is unknown and nothing is read', async () => {
    stackIs(
      'UPDATE_COMPLETE',
      {
        Limits: limitsResource({
          CommunicationLimits: [
            { MaxCountPerRecipient: { Ref: 'Count' }, Frequency: { Ref: 'Frequency' }, Unit: 'DAY' },
          ],
        }),
      },
      {
        declarations: { Count: { Type: 'Number', NoEcho: true }, Frequency: { Type: 'Number' } },
        values: [
          { ParameterKey: 'Count', ParameterValue: '****' },
          { ParameterKey: 'Frequency', ParameterValue: '7' },
        ],
      },
    );
    const report = await check(true);
    expect(report.rows[0]).toMatchObject({
      verdict: 'unknown',
      reason: 'Ref Count (a NoEcho parameter) cannot be resolved from CloudFormation',
    });
    expect(campaigns.calls()).toHaveLength(0);
    expect(exitStatus(report)).toBe(2);
  });

  test('the id from an attribute is the physical id; an invalid declared value is unknown, not drift', async () => {
    stackIs('UPDATE_COMPLETE', {
      Limits: limitsResource({
        CampaignId: { 'Fn::Select': [1, { 'Fn::Split': [':campaign/', { 'Fn::GetAtt': ['Campaign', 'Arn'] }] }] },
      }),
      Bad: limitsResource({ CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 31, Unit: 'DAY' }] }),
    });
    liveOverride(WEEKLY);
    const report = await check();
    expect(report.rows.map((r) => [r.logicalId, r.verdict])).toEqual([
      ['Limits', 'in sync'],
      ['Bad', 'unknown'],
    ]);
    expect(report.rows[1].reason).toBe(
      'the declared value is invalid: communicationLimits[0].frequency must be an integer from 1 to 30; got "31"',
    );
  });

  test('the table names the construct, the target, both limits, the state and the verdict', async () => {
    stackIs('UPDATE_COMPLETE');
    liveOverride(EDITED);
    campaigns.on(GetCampaignStateCommand, { id: A }, true).resolves({ state: 'Initialized' });
    expect(formatTable(await check())).toBe(
      [
        'stack Outreach (UPDATE_COMPLETE)',
        '',
        'construct        target                                         declared      live          campaign state  verdict',
        `Outreach/Limits  campaign ${A}  3 per 7 days  9 per 7 days  Initialized     drifted`,
      ].join('\n'),
    );
  });
});

describe('instance targets', () => {
  const INSTANCE = 'a1b2c3d4-5678-90ab-cdef-111111111111';
  /** A stack holding one instance resource (logical id `Caps`, on INSTANCE) that declares `connectInstanceId`. */
  function instanceStack(connectInstanceId: unknown = `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE}`) {
    const instanceResource = {
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
    stacks.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify({ Resources: { Caps: instanceResource } }) });
    stacks.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        {
          LogicalResourceId: 'Caps',
          PhysicalResourceId: INSTANCE,
          ResourceType: instanceResource.Type,
          ResourceStatus: 'UPDATE_COMPLETE',
          LastUpdatedTimestamp: new Date(),
        },
      ],
    });
  }

  test('in sync: one GetInstanceCommunicationLimits (the ARN reduced to the id), no write', async () => {
    instanceStack();
    campaigns
      .on(GetInstanceCommunicationLimitsCommand, { connectInstanceId: INSTANCE }, true)
      .resolves({ communicationLimitsConfig: WEEKLY });
    const report = await check(true);
    expect(report.rows).toEqual([expect.objectContaining({ kind: 'instance', target: INSTANCE, verdict: 'in sync' })]);
    expect(campaigns.calls()).toHaveLength(1);
  });

  test('changed, or reset to nothing: drifted; correct puts exactly the declared limits, in any state', async () => {
    for (const live of [EDITED, {}]) {
      campaigns.reset();
      instanceStack();
      campaigns
        .on(GetInstanceCommunicationLimitsCommand, { connectInstanceId: INSTANCE }, true)
        .resolves({ communicationLimitsConfig: live });
      campaigns
        .on(
          PutInstanceCommunicationLimitsCommand,
          { connectInstanceId: INSTANCE, communicationLimitsConfig: WEEKLY },
          true,
        )
        .resolves({});
      const report = await check(true);
      expect(report.rows[0]).toMatchObject({ verdict: 'drifted', correction: { corrected: true } });
      expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
      expect(campaigns).toHaveReceivedCommandTimes(GetCampaignStateCommand, 0);
    }
  });

  test('an instance that is gone (or not set up for campaigns) is target gone', async () => {
    instanceStack();
    campaigns
      .on(GetInstanceCommunicationLimitsCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', ...meta }));
    expect((await check()).rows[0].verdict).toBe('target gone');
  });

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

describe('the scheduled run (the handler given the schedule input)', () => {
  const input = { DriftCheck: { StackId: STACK_ID, Correct: false } };

  test('publishes the number of drifted targets in its namespace, with the stack as dimension', async () => {
    stackIs('UPDATE_COMPLETE');
    liveOverride(undefined);
    campaigns.on(GetCampaignStateCommand, { id: A }, true).resolves({ state: 'Initialized' });
    const datum = {
      MetricName: 'DriftedTargets',
      Dimensions: [{ Name: 'StackName', Value: 'Outreach' }],
      Value: 1,
      Unit: 'Count' as const,
    };
    metrics
      .on(PutMetricDataCommand, { Namespace: 'ConnectCampaignCommunicationLimits', MetricData: [datum] }, true)
      .resolves({});
    await expect(handler(input, lambdaContext())).resolves.toEqual({
      stackName: 'Outreach',
      checked: true,
      targets: 1,
      drifted: 1,
      corrected: 0,
      unknown: 0,
    });
    expect(metrics).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 0);
  });

  test('an input that is not exactly the schedule\'s is not taken for one (a string "false" would correct)', () => {
    expect(isDriftCheckInput({ DriftCheck: { StackId: STACK_ID, Correct: 'false' } })).toBe(false);
    expect(isDriftCheckInput({ DriftCheck: { Correct: false } })).toBe(false);
    expect(isDriftCheckInput(input)).toBe(true);
  });

  test.each([
    [{ RequestType: 'Create', ResourceType: 'Custom::ConnectCampaignCommunicationLimits' }],
    [null],
    ['DriftCheck'],
  ])('%p is no drift check input', (event) => {
    expect(isDriftCheckInput(event)).toBe(false);
  });

  test('a drift check input whose StackId is not a string is no drift check input', () => {
    expect(isDriftCheckInput({ DriftCheck: { StackId: 42, Correct: false } })).toBe(false);
    expect(isDriftCheckInput({ DriftCheck: { StackId: 'arn:aws:cloudformation:x', Correct: false } })).toBe(true);
  });

  test('publishes nothing while the stack has an operation in progress', async () => {
    stackIs('UPDATE_IN_PROGRESS');
    await expect(handler(input, lambdaContext())).resolves.toMatchObject({ checked: false });
    expect(metrics.calls()).toHaveLength(0);
  });
});
