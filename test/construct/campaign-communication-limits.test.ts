import { App, CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnCampaign } from 'aws-cdk-lib/aws-connectcampaignsv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  CampaignCommunicationLimits,
  CampaignCommunicationLimitsProps,
  CommunicationLimitTimeUnit,
  InstanceLimitsHandling,
} from '../../lib';
import { InvalidPropertiesError } from '../../lib/shared/rules';

const CAMPAIGN_ID = 'a1b2c3d4-0000-1111-2222-333344445555';
const TYPE = 'Custom::ConnectCampaignCommunicationLimits';
const LIMITS = [
  { maxCountPerRecipient: 3, frequency: 7, unit: CommunicationLimitTimeUnit.DAY },
  { maxCountPerRecipient: 1, frequency: 1 },
];

function newStack(): Stack {
  return new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
}

function limitsIn(stack: Stack, props: Partial<CampaignCommunicationLimitsProps> = {}, id = 'Limits') {
  return new CampaignCommunicationLimits(stack, id, { campaignId: CAMPAIGN_ID, communicationLimits: LIMITS, ...props });
}

function campaign(stack: Stack, id = 'Campaign'): CfnCampaign {
  return new CfnCampaign(stack, id, {
    name: 'outreach',
    connectInstanceId: '11111111-2222-3333-4444-555555555555',
    channelSubtypeConfig: {
      telephony: {
        outboundMode: { agentlessConfig: {} },
        defaultOutboundConfig: { connectContactFlowId: 'contact-flow-id' },
      },
    },
  });
}

describe('properties', () => {
  test('one structured field per value, numbers as numbers, unit defaulting to DAY', () => {
    const stack = newStack();
    limitsIn(stack, { instanceLimitsHandling: InstanceLimitsHandling.OPT_IN });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      CampaignId: CAMPAIGN_ID,
      CommunicationLimits: [
        { MaxCountPerRecipient: 3, Frequency: 7, Unit: 'DAY' },
        { MaxCountPerRecipient: 1, Frequency: 1, Unit: 'DAY' },
      ],
      InstanceLimitsHandling: 'OPT_IN',
      RemovalPolicy: 'Destroy',
    });
  });

  test('an omitted instanceLimitsHandling renders nothing', () => {
    const stack = newStack();
    limitsIn(stack);
    Template.fromStack(stack).hasResourceProperties(TYPE, { InstanceLimitsHandling: Match.absent() });
  });

  test('instanceLimitsHandling alone renders no limits', () => {
    const stack = newStack();
    limitsIn(stack, { communicationLimits: undefined, instanceLimitsHandling: InstanceLimitsHandling.OPT_OUT });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      CommunicationLimits: Match.absent(),
      InstanceLimitsHandling: 'OPT_OUT',
    });
  });

  test('RETAIN is passed to the handler; the resource itself is always deleted from the stack', () => {
    const stack = newStack();
    limitsIn(stack, { removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource(TYPE, {
      Properties: Match.objectLike({ RemovalPolicy: 'Retain' }),
      DeletionPolicy: 'Delete',
    });
  });

  test('exposes the campaign id and ARN', () => {
    const stack = newStack();
    const limits = limitsIn(stack);
    expect(limits.campaignId).toBe(CAMPAIGN_ID);
    expect(stack.resolve(limits.campaignArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, `:connect-campaigns:us-east-1:123456789012:campaign/${CAMPAIGN_ID}`],
      ],
    });
  });

  test('a campaign id token is passed through', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'CampaignId');
    limitsIn(stack, { campaignId: param.valueAsString });
    Template.fromStack(stack).hasResourceProperties(TYPE, { CampaignId: { Ref: 'CampaignId' } });
  });

  test('token numbers are left for the handler to check at deploy time', () => {
    const stack = newStack();
    const frequency = new CfnParameter(stack, 'Frequency', { type: 'Number' });
    limitsIn(stack, { communicationLimits: [{ maxCountPerRecipient: 2, frequency: frequency.valueAsNumber }] });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      CommunicationLimits: [{ MaxCountPerRecipient: 2, Frequency: { Ref: 'Frequency' }, Unit: 'DAY' }],
    });
  });

  test('a token maxCountPerRecipient is passed through, unchecked at synth', () => {
    const stack = newStack();
    const count = new CfnParameter(stack, 'MaxCount', { type: 'Number' });
    limitsIn(stack, { communicationLimits: [{ maxCountPerRecipient: count.valueAsNumber, frequency: 7 }] });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      CommunicationLimits: [{ MaxCountPerRecipient: { Ref: 'MaxCount' }, Frequency: 7, Unit: 'DAY' }],
    });
  });

  test('a token unit is passed through, unchecked at synth', () => {
    const stack = newStack();
    const unit = new CfnParameter(stack, 'Unit');
    limitsIn(stack, {
      communicationLimits: [
        { maxCountPerRecipient: 3, frequency: 7, unit: unit.valueAsString as CommunicationLimitTimeUnit },
      ],
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      CommunicationLimits: [{ MaxCountPerRecipient: 3, Frequency: 7, Unit: { Ref: 'Unit' } }],
    });
  });
});

describe('campaign', () => {
  test('a CfnCampaign: id split from its ARN, applied after it is created', () => {
    const stack = newStack();
    const outreach = campaign(stack);
    const limits = new CampaignCommunicationLimits(stack, 'Limits', {
      campaign: outreach,
      communicationLimits: LIMITS,
    });
    const template = Template.fromStack(stack);
    const campaignLogicalId = stack.getLogicalId(outreach);
    template.hasResource(TYPE, {
      Properties: Match.objectLike({
        CampaignId: { 'Fn::Select': [1, { 'Fn::Split': [':campaign/', { Ref: campaignLogicalId }] }] },
      }),
      DependsOn: Match.arrayWith([campaignLogicalId]),
    });
    expect(stack.resolve(limits.campaignArn)).toEqual({ Ref: campaignLogicalId });
  });

  test('a CfnCampaign that sets its own communicationLimitsOverride is rejected: two owners', () => {
    const stack = newStack();
    const outreach = campaign(stack);
    outreach.communicationLimitsOverride = { instanceLimitsHandling: 'OPT_IN' };
    expect(
      () => new CampaignCommunicationLimits(stack, 'Limits', { campaign: outreach, communicationLimits: LIMITS }),
    ).toThrow(
      'Limits/Limits: campaign (Limits/Campaign).communicationLimitsOverride must be unset: remove it there, or do not ' +
        'manage its limits with CampaignCommunicationLimits (two owners would undo each other); ' +
        'got {"instanceLimitsHandling":"OPT_IN"}',
    );
  });

  test('an override set on the CfnCampaign afterwards is rejected at synth', () => {
    const stack = newStack();
    const outreach = campaign(stack);
    new CampaignCommunicationLimits(stack, 'Limits', { campaign: outreach, communicationLimits: LIMITS });
    outreach.communicationLimitsOverride = { instanceLimitsHandling: 'OPT_OUT' };
    // The path once: CDK prefixes each validation message with it.
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Limits\/Limits\] campaign \(Limits\/Campaign\)\.communicationLimitsOverride must be unset: .*; got \{"instanceLimitsHandling":"OPT_OUT"\}/,
    );
    expect(() => Template.fromStack(stack)).not.toThrow(/Limits\/Limits: /);
  });

  test.each([
    ['neither', {}],
    ['both', { campaignId: CAMPAIGN_ID, campaign: 'x' }],
  ])('exactly one of campaignId and campaign: %s is rejected', (what, change) => {
    const stack = newStack();
    const props = { communicationLimits: LIMITS, ...change } as CampaignCommunicationLimitsProps;
    if (props.campaign) Object.assign(props, { campaign: campaign(stack) });
    expect(() => new CampaignCommunicationLimits(stack, 'Limits', props)).toThrow(
      `Limits/Limits: campaignId or campaign must be given, one of the two; got "${what}"`,
    );
  });

  test('two constructs for the same literal campaign id in one app are rejected, even across stacks', () => {
    const app = new App();
    limitsIn(new Stack(app, 'One'));
    expect(() => limitsIn(new Stack(app, 'Two'))).toThrow(
      `Two/Limits: campaignId must be a campaign that no other CampaignCommunicationLimits manages ` +
        `(One/Limits does; they would undo each other); got "${CAMPAIGN_ID}"`,
    );
  });

  test('the same CfnCampaign twice is rejected', () => {
    const stack = newStack();
    const outreach = campaign(stack);
    new CampaignCommunicationLimits(stack, 'A', { campaign: outreach, communicationLimits: LIMITS });
    expect(
      () => new CampaignCommunicationLimits(stack, 'B', { campaign: outreach, communicationLimits: LIMITS }),
    ).toThrow(
      'Limits/B: campaign must be a campaign that no other CampaignCommunicationLimits manages (Limits/A does; ' +
        'they would undo each other); got "Limits/Campaign"',
    );
  });

  test('a construct rejected for a bad value does not claim its campaign', () => {
    const stack = newStack();
    expect(() => limitsIn(stack, { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 99 }] }, 'Bad')).toThrow(
      'frequency must be an integer from 1 to 30',
    );
    expect(() => limitsIn(stack, {}, 'Good')).not.toThrow();
  });

  test("a rule's error is reported with the construct's path, and the problems kept as data", () => {
    let thrown: unknown;
    try {
      limitsIn(newStack(), { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 31 }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      message: expect.stringMatching(/^Limits\/Limits: communicationLimits\[0\]\.frequency/),
    });
    expect(thrown).toBeInstanceOf(InvalidPropertiesError);
    expect((thrown as InvalidPropertiesError).problems).toEqual([
      expect.objectContaining({ field: 'communicationLimits[0].frequency', value: 31 }),
    ]);
  });

  test('separate apps do not conflict', () => {
    limitsIn(newStack());
    expect(() => limitsIn(newStack())).not.toThrow();
  });
});

describe("validation at synth, with the handler's rules", () => {
  test.each<[string, Partial<CampaignCommunicationLimitsProps>, string]>([
    [
      'frequency 0',
      { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 0 }] },
      'communicationLimits[0].frequency must be an integer from 1 to 30; got 0',
    ],
    [
      'frequency 31',
      { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 31 }] },
      'communicationLimits[0].frequency must be an integer from 1 to 30; got 31',
    ],
    [
      'frequency 1.5',
      { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1.5 }] },
      'communicationLimits[0].frequency must be an integer from 1 to 30; got 1.5',
    ],
    [
      'maxCountPerRecipient 0',
      { communicationLimits: [LIMITS[0], { maxCountPerRecipient: 0, frequency: 1 }] },
      'communicationLimits[1].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got 0',
    ],
    [
      'three limits',
      { communicationLimits: [...LIMITS, LIMITS[0]] },
      'communicationLimits.length must be at most 2; got 3',
    ],
    [
      'an unknown unit',
      { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1, unit: 'WEEK' as CommunicationLimitTimeUnit }] },
      'communicationLimits[0].unit must be one of DAY; got "WEEK"',
    ],
    [
      'an unknown instanceLimitsHandling',
      { instanceLimitsHandling: 'YES' as InstanceLimitsHandling },
      'instanceLimitsHandling must be one of OPT_IN, OPT_OUT; got "YES"',
    ],
    [
      'nothing to apply',
      { communicationLimits: [] },
      'communicationLimits must be 1 to 2 limits when instanceLimitsHandling is not given; got []',
    ],
    [
      'a bad campaign id',
      { campaignId: 'campaign one' },
      `campaignId must be a campaign id made of a-z, A-Z, 0-9, '-', ':' and '/'; got "campaign one"`,
    ],
    [
      'a too long campaign id',
      { campaignId: 'c'.repeat(257) },
      `campaignId must be 1 to 256 characters long; got "${'c'.repeat(157)}..." (257 characters)`,
    ],
    [
      'RemovalPolicy.SNAPSHOT',
      { removalPolicy: RemovalPolicy.SNAPSHOT },
      'removalPolicy must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN; got "snapshot"',
    ],
  ])('%s is rejected with the construct path, the prop and the value', (_what, change, message) => {
    const stack = newStack();
    expect(() => limitsIn(stack, change)).toThrow(`Limits/Limits: ${message}`);
    // Nothing half-applied: a rejected construct adds no provider to the stack.
    expect(stack.node.tryFindChild('ConnectCampaignCommunicationLimitsProvider')).toBeUndefined();
  });
});

describe('provider', () => {
  test('one provider and one handler per stack, however many constructs', () => {
    const stack = newStack();
    for (let i = 0; i < 5; i++) limitsIn(stack, { campaignId: `campaign-${i}` }, `Limits${i}`);
    const template = Template.fromStack(stack);
    template.resourceCountIs(TYPE, 5);
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('each stack gets its own provider', () => {
    const app = new App();
    const one = new Stack(app, 'One');
    const two = new Stack(app, 'Two');
    limitsIn(one, { campaignId: 'c-1' });
    limitsIn(two, { campaignId: 'c-2' });
    Template.fromStack(one).resourceCountIs('AWS::Lambda::Function', 2);
    Template.fromStack(two).resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('the handler runs on Node.js 24 with its bundled code', () => {
    const stack = newStack();
    limitsIn(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 840,
      Architectures: ['arm64'],
    });
  });

  test("the handler function's description names what it applies", () => {
    const stack = newStack();
    limitsIn(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Description:
        'Applies Amazon Connect communication limits (CampaignCommunicationLimits, InstanceCommunicationLimits)',
    });
  });

  test('every function logs to a log group with a one-year retention by default', () => {
    const stack = newStack();
    limitsIn(stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
    }
  });

  test('logRetention sets the retention; conflicting values in one stack are rejected', () => {
    const stack = newStack();
    limitsIn(stack, { campaignId: 'c-1', logRetention: logs.RetentionDays.ONE_MONTH }, 'A');
    limitsIn(stack, { campaignId: 'c-2' }, 'B');
    Template.fromStack(stack).allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(() => limitsIn(stack, { campaignId: 'c-3', logRetention: logs.RetentionDays.ONE_WEEK }, 'C')).toThrow(
      'Limits/C: logRetention must be 30 (days), the value another construct of stack Limits set ' +
        'for the provider they share; got 7',
    );
  });

  test('the custom resource answers within 16 minutes, not the default hour', () => {
    const stack = newStack();
    limitsIn(stack);
    Template.fromStack(stack).hasResourceProperties(TYPE, { ServiceTimeout: '960' });
  });
});

describe('synth', () => {
  test('is deterministic: two synths produce the same template', () => {
    const render = () => {
      const stack = newStack();
      limitsIn(stack, { instanceLimitsHandling: InstanceLimitsHandling.OPT_IN });
      return JSON.stringify(Template.fromStack(stack).toJSON());
    };
    expect(render()).toEqual(render());
  });

  test('no warnings for an ordinary stack', () => {
    const stack = newStack();
    limitsIn(stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
