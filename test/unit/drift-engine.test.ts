/**
 * The drift engine's finer cases (lambda/drift/), against mocked SDK clients: what it reads of a template beyond
 * the plain one (other resource types, resources not deployed, construct paths, parameters of every kind, pseudo
 * parameters, a template that is not JSON), the verdicts it gives when a target cannot be read or is not the one
 * the template names, and what a correction reports when it cannot be made or fails.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type Parameter,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  GetInstanceCommunicationLimitsCommand,
  PutInstanceCommunicationLimitsCommand,
  ResourceNotFoundException,
  UpdateCampaignCommunicationLimitsCommand,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CampaignApi } from '../../lambda/campaign-api';
import { checkDrift, DriftReport, exitStatus } from '../../lambda/drift/drift-check';
import { targetKinds } from '../../lambda/drift/targets';
import { InstanceApi } from '../../lambda/instance-api';
import { StackApi } from '../../lambda/stack-api';

const campaigns = mockClient(ConnectCampaignsV2Client);
const stacks = mockClient(CloudFormationClient);
const meta = { $metadata: {} };

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d-0000-1111-2222-333344445555';
const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const B = 'bbbbbbbb-0000-1111-2222-333344445555';
const INSTANCE = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const WEEKLY = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' as const }] },
};
const EDITED = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 9, frequency: 7, unit: 'DAY' as const }] },
};
const CAMPAIGN_TYPE = 'Custom::ConnectCampaignCommunicationLimits';
const INSTANCE_TYPE = 'Custom::ConnectInstanceCommunicationLimits';

function campaignResource(properties: Record<string, unknown> = {}, metadata?: Record<string, unknown>) {
  return {
    Type: CAMPAIGN_TYPE,
    Properties: {
      ServiceToken: { 'Fn::GetAtt': ['ProviderframeworkonEvent', 'Arn'] },
      CampaignId: A,
      CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: 'DAY' }],
      RemovalPolicy: 'Destroy',
      ...properties,
    },
    ...(metadata ? { Metadata: metadata } : {}),
  };
}

const instanceResource = {
  Type: INSTANCE_TYPE,
  Properties: {
    ConnectInstanceId: INSTANCE,
    CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: 'DAY' }],
    RemovalPolicy: 'Destroy',
  },
};

interface StackShape {
  readonly resources: Record<string, unknown>;
  /** Each deployed resource's physical id and status; by default every resource of the template, on A. */
  readonly live?: Partial<StackResourceSummary>[];
  readonly parameters?: { declarations?: Record<string, unknown>; values?: Parameter[] };
  readonly stackId?: string;
}

function stackIs({ resources, live, parameters = {}, stackId = STACK_ID }: StackShape) {
  stacks.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackId: stackId,
        StackName: 'Outreach',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Parameters: parameters.values,
      },
    ],
  });
  stacks
    .on(GetTemplateCommand)
    .resolves({ TemplateBody: JSON.stringify({ Parameters: parameters.declarations, Resources: resources }) });
  const summaries = (
    live ??
    Object.entries(resources).map(([logicalId, r]) => ({
      LogicalResourceId: logicalId,
      ResourceType: (r as { Type: string }).Type,
    }))
  ).map((r) => ({
    PhysicalResourceId: A,
    ResourceStatus: 'CREATE_COMPLETE' as const,
    LastUpdatedTimestamp: new Date(),
    ...r,
  }));
  stacks.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: summaries as StackResourceSummary[] });
}

function liveOverride(override: object | undefined) {
  campaigns.on(DescribeCampaignCommand).resolves({ campaign: { communicationLimitsOverride: override } as never });
}

function check(correct = false, stackId = STACK_ID): Promise<DriftReport> {
  const retry = { deadline: Date.now() + 30_000 };
  const connect = new ConnectCampaignsV2Client({});
  return checkDrift(
    new StackApi(new CloudFormationClient({}), stackId, retry),
    targetKinds({ campaigns: new CampaignApi(connect, retry), instances: new InstanceApi(connect, retry) }),
    { correct },
  );
}

beforeEach(() => {
  campaigns.reset();
  stacks.reset();
});

describe('what is read of the template', () => {
  test('the report names the stack by its id, name and status', async () => {
    stackIs({ resources: { Limits: campaignResource() } });
    liveOverride(WEEKLY);
    expect((await check()).stack).toEqual({ stackId: STACK_ID, stackName: 'Outreach', status: 'UPDATE_COMPLETE' });
  });

  test('only resources of the checked types are checked', async () => {
    stackIs({
      resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } },
        Limits: campaignResource(),
        Notes: 'not a resource declaration',
      },
    });
    liveOverride(WEEKLY);
    const report = await check();
    expect(report.rows.map((row) => row.logicalId)).toEqual(['Limits']);
    expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
  });

  test.each([
    ['not deployed (a false condition)', undefined],
    ['being deleted', 'DELETE_IN_PROGRESS'],
    ['deleted', 'DELETE_COMPLETE'],
    ['failed to create', 'CREATE_FAILED'],
  ])('a resource %s is not checked', async (_what, status) => {
    stackIs({
      resources: { Limits: campaignResource(), Other: campaignResource({ CampaignId: B }) },
      live: [
        { LogicalResourceId: 'Limits', ResourceType: CAMPAIGN_TYPE },
        ...(status
          ? [
              {
                LogicalResourceId: 'Other',
                ResourceType: CAMPAIGN_TYPE,
                PhysicalResourceId: B,
                ResourceStatus: status as never,
              },
            ]
          : []),
      ],
    });
    liveOverride(WEEKLY);
    const report = await check();
    expect(report.rows.map((row) => row.logicalId)).toEqual(['Limits']);
    expect(campaigns).toHaveReceivedCommandWith(DescribeCampaignCommand, { id: A });
    expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
  });

  test.each([
    ['Outreach/Limits/Resource/Default', 'Outreach/Limits'],
    ['Outreach/Limits/Resource', 'Outreach/Limits'],
    ['Outreach/Limits/Default', 'Outreach/Limits/Default'],
    ['Outreach/Resource/Limits', 'Outreach/Resource/Limits'],
  ])('the construct path of %s is %s', async (cdkPath, path) => {
    stackIs({ resources: { Limits: campaignResource({}, { 'aws:cdk:path': cdkPath }) } });
    liveOverride(WEEKLY);
    expect((await check()).rows[0].path).toBe(path);
  });

  test('without construct metadata, the logical id names the construct', async () => {
    stackIs({ resources: { Limits: campaignResource({}, { 'aws:cdk:path': 7 }), Caps: instanceResource } });
    liveOverride(WEEKLY);
    campaigns.on(GetInstanceCommunicationLimitsCommand).resolves({ communicationLimitsConfig: WEEKLY });
    stacks.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Limits', ResourceType: CAMPAIGN_TYPE, PhysicalResourceId: A },
        { LogicalResourceId: 'Caps', ResourceType: INSTANCE_TYPE, PhysicalResourceId: INSTANCE },
      ].map((r) => ({ ...r, ResourceStatus: 'CREATE_COMPLETE' as const, LastUpdatedTimestamp: new Date() })),
    });
    expect((await check()).rows.map((row) => [row.logicalId, row.path])).toEqual([
      ['Limits', 'Limits'],
      ['Caps', 'Caps'],
    ]);
  });

  test.each([
    ['YAML', 'Resources:\n  Limits:\n    Type: Custom::ConnectCampaignCommunicationLimits\n'],
    ['a JSON list', '[]'],
    ['JSON null', 'null'],
  ])('a template in %s cannot be read, and says so', async (_what, body) => {
    stackIs({ resources: {} });
    stacks.on(GetTemplateCommand).resolves({ TemplateBody: body });
    await expect(check()).rejects.toThrow(
      'the template of stack Outreach is not a JSON template (the CDK deploys JSON)',
    );
  });
});

describe('parameters and pseudo parameters', () => {
  const byRef = (count: unknown, frequency: unknown = 7) =>
    campaignResource({ CommunicationLimits: [{ MaxCountPerRecipient: count, Frequency: frequency, Unit: 'DAY' }] });

  test('the pseudo parameters come from the stack id: a campaign named by a Fn::Sub ARN', async () => {
    const arn = 'arn:${AWS::Partition}:connect-campaigns:${AWS::Region}:${AWS::AccountId}:campaign/' + A;
    stackIs({ resources: { Limits: campaignResource({ CampaignId: { 'Fn::Sub': arn } }) } });
    liveOverride(WEEKLY);
    const report = await check();
    expect(report.rows[0]).toMatchObject({ target: A, verdict: 'in sync' });
  });

  test('an ARN built from the pseudo parameters of another partition is read in that partition', async () => {
    const cnStack = 'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/Outreach/0a1b2c3d';
    const sub =
      '${AWS::StackName}|${AWS::Partition}|${AWS::Region}|${AWS::AccountId}|${AWS::URLSuffix}|${AWS::StackId}';
    stackIs({ resources: { Limits: campaignResource({ CampaignId: { 'Fn::Sub': sub } }) }, stackId: cnStack });
    const report = await check(false, cnStack);
    // Not a campaign id: the parser names the value, which shows what each pseudo parameter resolved to.
    expect(report.rows[0].reason).toContain(
      `got "Outreach|aws-cn|cn-north-1|123456789012|amazonaws.com.cn|${cnStack}"`,
    );
  });

  test('in the aws partition, the URL suffix is amazonaws.com', async () => {
    stackIs({ resources: { Limits: campaignResource({ CampaignId: { 'Fn::Sub': '${AWS::URLSuffix}' } }) } });
    expect((await check()).rows[0].reason).toContain('got "amazonaws.com"');
  });

  test('a NoEcho declared as the string "true" is unknown too', async () => {
    stackIs({
      resources: { Limits: byRef({ Ref: 'Count' }) },
      parameters: {
        declarations: { Count: { Type: 'Number', NoEcho: 'true' } },
        values: [{ ParameterKey: 'Count', ParameterValue: '****' }],
      },
    });
    expect((await check()).rows[0]).toMatchObject({
      verdict: 'unknown',
      reason: 'Ref Count (a NoEcho parameter) cannot be resolved from CloudFormation',
    });
  });

  test('an SSM parameter is read by its resolved value, not by its name', async () => {
    stackIs({
      resources: { Limits: byRef({ Ref: 'Count' }) },
      parameters: {
        declarations: { Count: { Type: 'AWS::SSM::Parameter::Value<String>' } },
        values: [{ ParameterKey: 'Count', ParameterValue: '/outreach/count', ResolvedValue: '3' }],
      },
    });
    liveOverride(WEEKLY);
    expect((await check()).rows[0].verdict).toBe('in sync');
  });

  test('a parameter reported without a value is unknown, and says so', async () => {
    stackIs({
      resources: { Limits: byRef({ Ref: 'Count' }) },
      parameters: {
        declarations: { Count: { Type: 'AWS::SSM::Parameter::Value<String>' } },
        values: [{ ParameterKey: 'Count', ParameterValue: '/outreach/count' }],
      },
    });
    expect((await check()).rows[0].reason).toBe('Ref Count (no value reported) cannot be resolved from CloudFormation');
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('list parameters are lists: an item is selected from a CommaDelimitedList or a List<Number>', async () => {
    stackIs({
      resources: { Limits: byRef({ 'Fn::Select': [1, { Ref: 'Counts' }] }, { 'Fn::Select': [0, { Ref: 'Days' }] }) },
      parameters: {
        declarations: { Counts: { Type: 'CommaDelimitedList' }, Days: { Type: 'List<Number>' } },
        values: [
          { ParameterKey: 'Counts', ParameterValue: '1,3' },
          { ParameterKey: 'Days', ParameterValue: '7,30' },
        ],
      },
    });
    liveOverride(WEEKLY);
    expect((await check()).rows[0].verdict).toBe('in sync');
  });

  test('a plain String parameter is one value, commas and all; an undeclared one is read as a String', async () => {
    stackIs({
      resources: { Limits: byRef({ Ref: 'Count' }, { Ref: 'Days' }) },
      parameters: {
        declarations: { Count: { Type: 'String' } },
        values: [
          { ParameterKey: 'Count', ParameterValue: '3,4' },
          { ParameterKey: 'Days', ParameterValue: '7' },
          { ParameterValue: 'a value without a key is ignored' },
        ],
      },
    });
    const row = (await check()).rows[0];
    expect(row.reason).toBe(
      'the declared value is invalid: communicationLimits[0].maxCountPerRecipient must be an integer from 1 to ' +
        '2,147,483,647; got "3,4"',
    );
  });
});

describe('verdicts that are not read from the target', () => {
  test('a template that names another campaign than the resource holds is unknown, and nothing is read', async () => {
    stackIs({ resources: { Limits: campaignResource({ CampaignId: B }) } });
    const report = await check(true);
    expect(report.rows[0]).toEqual({
      path: 'Limits',
      logicalId: 'Limits',
      kind: 'campaign',
      target: A,
      verdict: 'unknown',
      reason: `the template names campaign ${B}, the resource holds ${A}`,
    });
    expect(campaigns.calls()).toHaveLength(0);
    expect(exitStatus(report)).toBe(2);
  });

  test('a target that cannot be read is unknown, with the error, and its declared limits', async () => {
    stackIs({ resources: { Limits: campaignResource() } });
    campaigns.on(DescribeCampaignCommand).rejects(new ValidationException({ message: 'bad request', ...meta }));
    const report = await check(true);
    expect(report.rows[0]).toEqual({
      path: 'Limits',
      logicalId: 'Limits',
      kind: 'campaign',
      target: A,
      declared: WEEKLY,
      verdict: 'unknown',
      reason: `DescribeCampaign failed for campaign ${A}: ValidationException: bad request`,
    });
    expect(exitStatus(report)).toBe(2);
  });

  test('a campaign with no override, Initialized: override missing, with live null', async () => {
    stackIs({ resources: { Limits: campaignResource() } });
    liveOverride(undefined);
    campaigns.on(GetCampaignStateCommand).resolves({ state: 'Initialized' });
    expect((await check()).rows[0]).toMatchObject({ verdict: 'override missing', live: null, state: 'Initialized' });
  });

  test("a state Connect does not report is 'unknown', and the campaign is taken as not Initialized", async () => {
    stackIs({ resources: { Limits: campaignResource() } });
    liveOverride(EDITED);
    campaigns.on(GetCampaignStateCommand).resolves({});
    expect((await check()).rows[0]).toMatchObject({ verdict: 'cannot correct: not Initialized', state: 'unknown' });
  });
});

describe('corrections that cannot be made, or fail', () => {
  test('a campaign that is not Initialized is not corrected, and the detail names its state', async () => {
    stackIs({ resources: { Limits: campaignResource() } });
    liveOverride(EDITED);
    campaigns.on(GetCampaignStateCommand).resolves({ state: 'Running' });
    const report = await check(true);
    expect(report.rows[0].correction).toEqual({
      corrected: false,
      detail: 'not corrected: the campaign is Running: Connect accepts limit changes only while it is Initialized',
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 0);
    expect(exitStatus(report)).toBe(1);
  });

  test('a correction that fails for another reason reports the error', async () => {
    stackIs({ resources: { Limits: campaignResource() } });
    liveOverride(EDITED);
    campaigns.on(GetCampaignStateCommand).resolves({ state: 'Initialized' });
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(new ValidationException({ message: 'no', ...meta }));
    const report = await check(true);
    expect(report.rows[0].correction).toEqual({
      corrected: false,
      detail: `not corrected: UpdateCampaignCommunicationLimits failed for campaign ${A}: ValidationException: no`,
    });
    expect(exitStatus(report)).toBe(1);
  });

  test('an instance that is gone is not corrected, and the detail says why', async () => {
    stackIs({
      resources: { Caps: instanceResource },
      live: [{ LogicalResourceId: 'Caps', ResourceType: INSTANCE_TYPE, PhysicalResourceId: INSTANCE }],
    });
    campaigns
      .on(GetInstanceCommunicationLimitsCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', ...meta }));
    const report = await check(true);
    expect(report.rows[0]).toMatchObject({
      verdict: 'target gone',
      correction: {
        corrected: false,
        detail: 'not corrected: the instance no longer exists, or is not set up for outbound campaigns',
      },
    });
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 0);
  });

  test('an instance correction that fails reports the error', async () => {
    stackIs({
      resources: { Caps: instanceResource },
      live: [{ LogicalResourceId: 'Caps', ResourceType: INSTANCE_TYPE, PhysicalResourceId: INSTANCE }],
    });
    campaigns.on(GetInstanceCommunicationLimitsCommand).resolves({ communicationLimitsConfig: EDITED });
    campaigns.on(PutInstanceCommunicationLimitsCommand).rejects(new ValidationException({ message: 'no', ...meta }));
    const report = await check(true);
    expect(report.rows[0]).toMatchObject({
      verdict: 'drifted',
      live: EDITED,
      correction: {
        corrected: false,
        detail: `not corrected: PutInstanceCommunicationLimits failed for Amazon Connect instance ${INSTANCE}: ValidationException: no`,
      },
    });
  });

  test('an instance that holds no limits at all is drifted, with live null', async () => {
    stackIs({
      resources: { Caps: instanceResource },
      live: [{ LogicalResourceId: 'Caps', ResourceType: INSTANCE_TYPE, PhysicalResourceId: INSTANCE }],
    });
    campaigns.on(GetInstanceCommunicationLimitsCommand).resolves({});
    expect((await check()).rows[0]).toMatchObject({ verdict: 'drifted', live: null });
  });
});
