import { App, CfnParameter, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnInstance } from 'aws-cdk-lib/aws-connect';
import {
  CampaignCommunicationLimits,
  CommunicationLimitTimeUnit,
  InstanceCommunicationLimits,
  InstanceCommunicationLimitsProps,
} from '../../lib';
import type { aws_connect } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { INSTANCE_ACTIONS } from '../../lib/instance-permissions';
import { InvalidPropertiesError } from '../../lib/shared/rules';

const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`;
const TYPE = 'Custom::ConnectInstanceCommunicationLimits';
const LIMITS = [
  { maxCountPerRecipient: 5, frequency: 7, unit: CommunicationLimitTimeUnit.DAY },
  { maxCountPerRecipient: 2, frequency: 1 },
];

function newStack(app = new App(), id = 'Limits'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
}

function limitsIn(stack: Stack, props: Partial<InstanceCommunicationLimitsProps> = {}, id = 'InstanceLimits') {
  return new InstanceCommunicationLimits(stack, id, {
    connectInstanceId: INSTANCE_ID,
    communicationLimits: LIMITS,
    ...props,
  });
}

function contactCentre(stack: Stack): CfnInstance {
  return new CfnInstance(stack, 'ContactCentre', {
    identityManagementType: 'CONNECT_MANAGED',
    instanceAlias: 'contact-centre',
    attributes: { inboundCalls: true, outboundCalls: true },
  });
}

describe('properties', () => {
  test('the instance id, one structured field per value, unit defaulting to DAY, DESTROY by default', () => {
    const stack = newStack();
    const limits = limitsIn(stack);
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      ConnectInstanceId: INSTANCE_ID,
      CommunicationLimits: [
        { MaxCountPerRecipient: 5, Frequency: 7, Unit: 'DAY' },
        { MaxCountPerRecipient: 2, Frequency: 1, Unit: 'DAY' },
      ],
      RemovalPolicy: 'Destroy',
      InstanceLimitsHandling: Match.absent(),
      CampaignId: Match.absent(),
    });
    expect(limits.connectInstanceId).toBe(INSTANCE_ID);
  });

  test('in an environment-agnostic stack, an instance ARN goes to the handler whole (checked at deploy time)', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const arn = `arn:aws:connect:eu-west-2:210987654321:instance/${INSTANCE_ID}`;
    const limits = limitsIn(stack, { connectInstanceId: arn });
    Template.fromStack(stack).hasResourceProperties(TYPE, { ConnectInstanceId: arn });
    // The construct's own attribute is the id all the same.
    expect(limits.connectInstanceId).toBe(INSTANCE_ID);
  });

  test("an instance ARN of another partition than the stack's region is rejected, naming the value", () => {
    const stack = newStack();
    const arn = `arn:aws-us-gov:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`;
    expect(() => limitsIn(stack, { connectInstanceId: arn })).toThrow(
      `Limits/InstanceLimits: connectInstanceId must be the ARN of an instance in the stack's partition aws, account ` +
        `123456789012 and region us-east-1; got "${arn}"`,
    );
  });

  test('an instance ARN is reduced to its id at synth', () => {
    const stack = newStack();
    const limits = limitsIn(stack, { connectInstanceId: INSTANCE_ARN });
    Template.fromStack(stack).hasResourceProperties(TYPE, { ConnectInstanceId: INSTANCE_ID });
    expect(limits.connectInstanceId).toBe(INSTANCE_ID);
  });

  test('RETAIN is passed to the handler; the resource itself is always deleted from the stack', () => {
    const stack = newStack();
    limitsIn(stack, { removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource(TYPE, {
      Properties: Match.objectLike({ RemovalPolicy: 'Retain' }),
      DeletionPolicy: 'Delete',
    });
  });

  test('a connectInstanceId token is passed through, and the id exposed is the one the handler used', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'InstanceId');
    const limits = limitsIn(stack, { connectInstanceId: param.valueAsString });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(TYPE, { ConnectInstanceId: { Ref: 'InstanceId' } });
    const [logicalId] = Object.keys(template.findResources(TYPE));
    expect(stack.resolve(limits.connectInstanceId)).toEqual({ 'Fn::GetAtt': [logicalId, 'ConnectInstanceId'] });
  });

  test('token numbers are left for the handler to check at deploy time', () => {
    const stack = newStack();
    const frequency = new CfnParameter(stack, 'Frequency', { type: 'Number' });
    limitsIn(stack, { communicationLimits: [{ maxCountPerRecipient: 2, frequency: frequency.valueAsNumber }] });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      CommunicationLimits: [{ MaxCountPerRecipient: 2, Frequency: { Ref: 'Frequency' }, Unit: 'DAY' }],
    });
  });
});

describe('instance', () => {
  test('a CfnInstance: id split from its ARN, put after it is created', () => {
    const stack = newStack();
    const instance = contactCentre(stack);
    const limits = new InstanceCommunicationLimits(stack, 'InstanceLimits', { instance, communicationLimits: LIMITS });
    const instanceLogicalId = stack.getLogicalId(instance);
    const split = { 'Fn::Select': [1, { 'Fn::Split': [':instance/', { Ref: instanceLogicalId }] }] };
    Template.fromStack(stack).hasResource(TYPE, {
      Properties: Match.objectLike({ ConnectInstanceId: split }),
      DependsOn: Match.arrayWith([instanceLogicalId]),
    });
    expect(stack.resolve(limits.connectInstanceId)).toEqual(split);
  });

  test('an instance reference with a literal ARN gives its id', () => {
    const stack = newStack();
    const instance = new ImportedInstance(stack, 'Imported', INSTANCE_ARN);
    const limits = new InstanceCommunicationLimits(stack, 'InstanceLimits', { instance, communicationLimits: LIMITS });
    expect(limits.connectInstanceId).toBe(INSTANCE_ID);
  });

  test('a referenced instance of another region is rejected, naming the instance prop', () => {
    const stack = newStack();
    const arn = `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}`;
    const instance = new ImportedInstance(stack, 'Elsewhere', arn);
    expect(
      () => new InstanceCommunicationLimits(stack, 'InstanceLimits', { instance, communicationLimits: LIMITS }),
    ).toThrow(
      `Limits/InstanceLimits: instance must be the ARN of an instance in the stack's account 123456789012 and region us-east-1; got "${arn}"`,
    );
  });

  test('exactly one of connectInstanceId and instance', () => {
    const stack = newStack();
    const instance = contactCentre(stack);
    expect(() => limitsIn(stack, { instance }, 'Both')).toThrow(
      'Limits/Both: connectInstanceId or instance must be given, one of the two; got "both"',
    );
    expect(() => limitsIn(stack, { connectInstanceId: undefined }, 'Neither')).toThrow(
      'Limits/Neither: connectInstanceId or instance must be given, one of the two; got "neither"',
    );
  });
});

describe('rules, checked at synth with the messages the handler would give', () => {
  test.each([
    [{ connectInstanceId: '' }, 'connectInstanceId must be 1 to 256 characters long; got ""'],
    [
      { connectInstanceId: 'has space' },
      `connectInstanceId must be an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'; got "has space"`,
    ],
    [{ connectInstanceId: 'x'.repeat(257) }, 'connectInstanceId must be 1 to 256 characters long; got "xxx'],
    [
      { connectInstanceId: 'arn:aws:connect:us-east-1:123456789012:instance/' },
      'connectInstanceId must be an instance id or an instance ARN (arn:<partition>:connect:<region>:<account>:instance/<id>); got "arn:aws:connect:us-east-1:123456789012:instance/"',
    ],
    [
      { connectInstanceId: `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE_ID}` },
      "connectInstanceId must be the ARN of an instance in the stack's account 123456789012 and region us-east-1; got",
    ],
    [{ communicationLimits: [] }, 'communicationLimits.length must be 1 or 2; got 0'],
    [{ communicationLimits: [...LIMITS, LIMITS[0]] }, 'communicationLimits.length must be 1 or 2; got 3'],
    [
      { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 31 }] },
      'communicationLimits[0].frequency must be an integer from 1 to 30; got 31',
    ],
    [
      { communicationLimits: [{ maxCountPerRecipient: 0, frequency: 1 }] },
      'communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got 0',
    ],
    [
      { communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1, unit: 'WEEK' as CommunicationLimitTimeUnit }] },
      'communicationLimits[0].unit must be one of DAY; got "WEEK"',
    ],
    [
      { removalPolicy: RemovalPolicy.SNAPSHOT },
      'removalPolicy must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN; got "snapshot"',
    ],
  ])('%j is rejected, naming the field and the value', (props, message) => {
    const stack = newStack();
    let thrown: unknown;
    try {
      limitsIn(stack, props);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidPropertiesError);
    expect((thrown as Error).message.startsWith(`Limits/InstanceLimits: ${message}`)).toBe(true);
    // Nothing was added to the stack: no provider, no resource (checked without synthesizing an empty stack).
    expect(stack.node.findAll().filter((c) => CfnResource.isCfnResource(c))).toEqual([]);
  });

  test('every problem is reported at once, one line each', () => {
    expect(() =>
      limitsIn(newStack(), {
        connectInstanceId: 'bad id',
        communicationLimits: [{ maxCountPerRecipient: 0, frequency: 31 }],
      }),
    ).toThrow(
      [
        `Limits/InstanceLimits: connectInstanceId must be an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'; got "bad id"`,
        'Limits/InstanceLimits: communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got 0',
        'Limits/InstanceLimits: communicationLimits[0].frequency must be an integer from 1 to 30; got 31',
      ].join('\n'),
    );
  });

  test('a second construct for the same instance in the app is rejected, an id and its ARN alike', () => {
    const app = new App();
    limitsIn(newStack(app, 'One'));
    expect(() => limitsIn(newStack(app, 'Two'), { connectInstanceId: INSTANCE_ARN })).toThrow(
      'Two/InstanceLimits: connectInstanceId must be an instance that no other InstanceCommunicationLimits manages ' +
        `(One/InstanceLimits does; they would undo each other); got "${INSTANCE_ARN}"`,
    );
  });

  test('a second construct for a referenced instance is rejected, naming the instance prop', () => {
    const stack = newStack();
    const instance = new ImportedInstance(stack, 'Contact', INSTANCE_ARN);
    new InstanceCommunicationLimits(stack, 'First', { connectInstanceId: INSTANCE_ID, communicationLimits: LIMITS });
    expect(() => new InstanceCommunicationLimits(stack, 'Second', { instance, communicationLimits: LIMITS })).toThrow(
      'Limits/Second: instance must be an instance that no other InstanceCommunicationLimits manages ' +
        '(Limits/First does; they would undo each other); got "Limits/Contact"',
    );
  });

  test('the same instance id in another region is another instance: no conflict', () => {
    const app = new App();
    limitsIn(newStack(app, 'One'));
    const elsewhere = new Stack(app, 'Two', { env: { account: '123456789012', region: 'eu-west-2' } });
    expect(() => limitsIn(elsewhere)).not.toThrow();
  });

  test('a rejected construct leaves no claim behind', () => {
    const stack = newStack();
    expect(() => limitsIn(stack, { communicationLimits: [] }, 'Bad')).toThrow();
    expect(() => limitsIn(stack, {}, 'Good')).not.toThrow();
  });

  test('the same id as a campaign is no conflict: instances and campaigns are claimed apart', () => {
    const stack = newStack();
    new CampaignCommunicationLimits(stack, 'Campaign', { campaignId: INSTANCE_ID, communicationLimits: LIMITS });
    expect(() => limitsIn(stack)).not.toThrow();
  });
});

describe('provider and permissions', () => {
  const instancePolicies = (template: Template) =>
    template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: 'ConnectInstanceLimits' } });

  test('shares the one provider with the campaign constructs: one handler, one framework function', () => {
    const stack = newStack();
    limitsIn(stack);
    new CampaignCommunicationLimits(stack, 'Campaign', { campaignId: 'c-1', communicationLimits: LIMITS });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('the instance actions on "*", in a policy of their own on the handler role, which the resource depends on', () => {
    const stack = newStack();
    limitsIn(stack);
    const template = Template.fromStack(stack);
    const policies = instancePolicies(template);
    const [[policyId, policy]] = Object.entries(policies);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Action: [...INSTANCE_ACTIONS], Effect: 'Allow', Resource: '*' },
    ]);
    expect(INSTANCE_ACTIONS).toEqual([
      'connect-campaigns:PutInstanceCommunicationLimits',
      'connect-campaigns:GetInstanceCommunicationLimits',
    ]);
    const handlerRole = Object.keys(template.findResources('AWS::IAM::Role')).find((id) =>
      id.includes('OnEventHandler'),
    );
    expect(policy.Properties.Roles).toEqual([{ Ref: handlerRole }]);
    const campaignPolicy = Object.keys(
      template.findResources('AWS::IAM::Policy', {
        Properties: { PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-') },
      }),
    );
    // The campaign policy lets the handler read the stack (for the holder check); with no campaign it grants nothing else.
    const [resource] = Object.values(template.findResources(TYPE));
    expect(resource.DependsOn).toEqual(expect.arrayContaining([policyId, ...campaignPolicy]));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-'),
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: [
              'cloudformation:DescribeStacks',
              'cloudformation:ListStackResources',
              'cloudformation:DescribeStackResource',
            ],
          }),
        ],
      },
    });
  });

  test('a stack of campaign constructs only gets no instance grant', () => {
    const stack = newStack();
    new CampaignCommunicationLimits(stack, 'Campaign', { campaignId: 'c-1', communicationLimits: LIMITS });
    const template = Template.fromStack(stack);
    expect(instancePolicies(template)).toEqual({});
    expect(JSON.stringify(template.toJSON())).not.toContain('PutInstanceCommunicationLimits');
  });

  test('the "*" grant carries its cdk-nag suppression, saying that no resource-level permission exists', () => {
    const stack = newStack();
    limitsIn(stack);
    const [policy] = Object.values(instancePolicies(Template.fromStack(stack)));
    expect(policy.Metadata.cdk_nag.rules_to_suppress).toEqual([
      expect.objectContaining({
        id: 'AwsSolutions-IAM5',
        applies_to: ['Resource::*'],
        reason: expect.stringContaining('no resource-level permission'),
      }),
    ]);
  });
});

/** An instance made elsewhere, referenced by a literal ARN. */
class ImportedInstance extends Construct implements aws_connect.IInstanceRef {
  public readonly instanceRef: { instanceArn: string };
  public readonly env = { account: '123456789012', region: 'us-east-1' };

  constructor(scope: Construct, id: string, instanceArn: string) {
    super(scope, id);
    this.instanceRef = { instanceArn };
  }
}
