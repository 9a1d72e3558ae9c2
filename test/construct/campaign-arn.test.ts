/**
 * A campaign ARN where a campaign id is taken: the id goes to the API (and is the physical id), the ARN to IAM. An
 * ARN of another partition, account, region, service or resource type is rejected at synth, naming the value; where
 * the stack's environment is not known at synth, the ARN goes to the handler whole, which checks it at deploy time.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits, CampaignCommunicationLimitsProps } from '../../lib';

const ID = 'a1b2c3d4-0000-1111-2222-333344445555';
const ARN = `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${ID}`;
const LIMITS = [{ maxCountPerRecipient: 3, frequency: 7 }];
const TYPE = 'Custom::ConnectCampaignCommunicationLimits';

function newStack(env: { account?: string; region?: string } = { account: '123456789012', region: 'us-east-1' }) {
  return new Stack(new App(), 'Limits', { env });
}

function limitsIn(stack: Stack, props: Partial<CampaignCommunicationLimitsProps> = {}) {
  return new CampaignCommunicationLimits(stack, 'Limits', { campaignId: ARN, communicationLimits: LIMITS, ...props });
}

function campaignResources(stack: Stack): unknown {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-') },
  });
  const [policy] = Object.values(policies) as Array<{
    Properties: { PolicyDocument: { Statement: Array<{ Resource: unknown }> } };
  }>;
  return policy.Properties.PolicyDocument.Statement[0].Resource;
}

test('an ARN: the id goes to the API and is exposed as campaignId; the ARN itself goes to IAM', () => {
  const stack = newStack();
  const limits = limitsIn(stack);
  Template.fromStack(stack).hasResourceProperties(TYPE, { CampaignId: ID });
  expect(limits.campaignId).toBe(ID);
  expect(limits.campaignArn).toBe(ARN);
  expect(campaignResources(stack)).toBe(ARN);
});

test.each([
  ['environment-agnostic', {}],
  ['of a known account only', { account: '210987654321' }],
  ['of a known region only', { region: 'eu-west-2' }],
])(
  'in a stack %s, an ARN goes to the handler whole: it checks the partition, account and region at deploy time',
  (_what, env) => {
    // Reduced to its id, a campaign of another region would be looked for in the stack's, under a policy for the other.
    const arn = `arn:aws:connect-campaigns:eu-west-2:210987654321:campaign/${ID}`;
    const stack = newStack(env);
    const limits = limitsIn(stack, { campaignId: arn });
    Template.fromStack(stack).hasResourceProperties(TYPE, { CampaignId: arn });
    expect(campaignResources(stack)).toBe(arn);
    // The construct's own attribute is the id all the same.
    expect(limits.campaignId).toBe(ID);
  },
);

test("an ARN of another partition than the stack's region is rejected, naming the value", () => {
  const stack = newStack();
  const arn = `arn:aws-cn:connect-campaigns:us-east-1:123456789012:campaign/${ID}`;
  expect(() => limitsIn(stack, { campaignId: arn })).toThrow(
    `Limits/Limits: campaignId must be the ARN of a campaign in the stack's partition aws, account 123456789012 and ` +
      `region us-east-1; got "${arn}"`,
  );
});

test('in a stack of a region unknown to aws-cdk-lib, the partition goes unchecked at synth: the handler checks it', () => {
  const stack = newStack({ account: '123456789012', region: 'xx-test-1' });
  const arn = `arn:aws-cn:connect-campaigns:xx-test-1:123456789012:campaign/${ID}`;
  limitsIn(stack, { campaignId: arn });
  Template.fromStack(stack).hasResourceProperties(TYPE, { CampaignId: arn });
});

test.each([
  ['another account', `arn:aws:connect-campaigns:us-east-1:210987654321:campaign/${ID}`, 'account'],
  ['another region', `arn:aws:connect-campaigns:eu-west-2:123456789012:campaign/${ID}`, 'region'],
])('an ARN of %s than the stack is rejected, naming the value', (_what, arn) => {
  const stack = newStack();
  expect(() => limitsIn(stack, { campaignId: arn })).toThrow(
    `Limits/Limits: campaignId must be the ARN of a campaign in the stack's account 123456789012 and region ` +
      `us-east-1; got "${arn}"`,
  );
  expect(stack.node.tryFindChild('ConnectCampaignCommunicationLimitsProvider')).toBeUndefined();
});

test('only the known part of a partly known environment is compared', () => {
  const stack = newStack({ account: '123456789012' });
  const arn = `arn:aws:connect-campaigns:eu-west-2:210987654321:campaign/${ID}`;
  expect(() => limitsIn(stack, { campaignId: arn })).toThrow(
    `Limits/Limits: campaignId must be the ARN of a campaign in the stack's account 123456789012; got "${arn}"`,
  );
});

test.each([
  ['an instance ARN', 'arn:aws:connect:us-east-1:123456789012:instance/a1b2c3d4-5678-90ab-cdef-111111111111'],
  ['another resource type', 'arn:aws:connect-campaigns:us-east-1:123456789012:instance/x'],
  ['an ARN without an id', 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/'],
  ['a truncated ARN', 'arn:aws:connect-campaigns:us-east-1'],
])('%s is rejected, naming the value', (_what, arn) => {
  expect(() => limitsIn(newStack(), { campaignId: arn })).toThrow(
    'Limits/Limits: campaignId must be a campaign id or a campaign ARN ' +
      `(arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>); got "${arn}"`,
  );
});

test('the id and the ARN of one campaign are one claim: the second is rejected', () => {
  const stack = newStack();
  limitsIn(stack);
  expect(
    () => new CampaignCommunicationLimits(stack, 'Again', { campaignId: ID, communicationLimits: LIMITS }),
  ).toThrow(
    `Limits/Again: campaignId must be a campaign that no other CampaignCommunicationLimits manages (Limits/Limits ` +
      `does; they would undo each other); got "${ID}"`,
  );
});

test('a token (a parameter that may hold an id or an ARN) is passed to the handler as it is', () => {
  const stack = newStack();
  const campaign = new CfnParameter(stack, 'Campaign');
  limitsIn(stack, { campaignId: campaign.valueAsString });
  Template.fromStack(stack).hasResourceProperties(TYPE, { CampaignId: { Ref: 'Campaign' } });
});

test("for a token, campaignId and campaignArn are the handler's answer: a parameter holding an ARN gives the id", () => {
  const stack = newStack();
  const campaign = new CfnParameter(stack, 'Campaign');
  const limits = limitsIn(stack, { campaignId: campaign.valueAsString });
  const [logicalId] = Object.keys(Template.fromStack(stack).findResources(TYPE));
  const id = { 'Fn::GetAtt': [logicalId, 'CampaignId'] };
  expect(stack.resolve(limits.campaignId)).toEqual(id);
  expect(stack.resolve(limits.campaignArn)).toEqual({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':connect-campaigns:us-east-1:123456789012:campaign/', id]],
  });
});
