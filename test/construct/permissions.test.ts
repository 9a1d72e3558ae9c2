import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits } from '../../lib';
import { HANDLER_ACTIONS, POLICY_SIZE_BUDGET } from '../../lib/campaign-permissions';
import { IAM_ROLE_INLINE_LIMIT, PolicyTemplate, rolePolicies } from '../../tools/iam-policy-size';

function stackWith(campaignIds: string[]): Stack {
  const stack = new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
  campaignIds.forEach((campaignId, i) => {
    new CampaignCommunicationLimits(stack, `Limits${i}`, {
      campaignId,
      communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1 }],
    });
  });
  return stack;
}

const uuid = (i: number) => `${String(i).padStart(8, '0')}-0000-1111-2222-333344445555`;
const ids = (n: number) => Array.from({ length: n }, (_, i) => uuid(i));

function campaignPolicy(template: Template): [string, any] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-') },
  });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.entries(policies)[0];
}

test('grants only the actions the handler calls, on each campaign ARN, and reading this stack', () => {
  const template = Template.fromStack(stackWith([uuid(1), uuid(2)]));
  const [, policy] = campaignPolicy(template);
  const arn = (id: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:connect-campaigns:us-east-1:123456789012:campaign/${id}`]],
  });
  expect(policy.Properties.PolicyDocument.Statement).toEqual([
    { Action: [...HANDLER_ACTIONS], Effect: 'Allow', Resource: [arn(uuid(1)), arn(uuid(2))] },
    {
      Action: [
        'cloudformation:DescribeStacks',
        'cloudformation:ListStackResources',
        'cloudformation:DescribeStackResource',
      ],
      Effect: 'Allow',
      Resource: { Ref: 'AWS::StackId' },
    },
  ]);
  expect(HANDLER_ACTIONS).toEqual([
    'connect-campaigns:UpdateCampaignCommunicationLimits',
    'connect-campaigns:DeleteCampaignCommunicationLimits',
    'connect-campaigns:DescribeCampaign',
    'connect-campaigns:TagResource',
    'connect-campaigns:UntagResource',
  ]);
});

test('the policy is attached to the handler role and every custom resource depends on it', () => {
  const template = Template.fromStack(stackWith([uuid(1), uuid(2)]));
  const [policyId, policy] = campaignPolicy(template);
  const handlerRole = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.includes('OnEventHandler'));
  expect(policy.Properties.Roles).toEqual([{ Ref: handlerRole }]);
  for (const resource of Object.values(template.findResources('Custom::ConnectCampaignCommunicationLimits'))) {
    expect(resource.DependsOn).toContain(policyId);
  }
});

test('the policy is a new resource with a new name when the set of campaigns changes, and stable otherwise', () => {
  const [before] = campaignPolicy(Template.fromStack(stackWith([uuid(1)])));
  const [again, againPolicy] = campaignPolicy(Template.fromStack(stackWith([uuid(1)])));
  const [after, afterPolicy] = campaignPolicy(Template.fromStack(stackWith([uuid(2)])));
  expect(again).toBe(before);
  expect(after).not.toBe(before);
  expect(afterPolicy.Properties.PolicyName).not.toBe(againPolicy.Properties.PolicyName);
});

test('the order of the constructs does not change the policy', () => {
  const [forward, forwardPolicy] = campaignPolicy(Template.fromStack(stackWith([uuid(1), uuid(2)])));
  const [backward, backwardPolicy] = campaignPolicy(Template.fromStack(stackWith([uuid(2), uuid(1)])));
  expect(backward).toBe(forward);
  expect(backwardPolicy).toEqual(forwardPolicy);
});

test('a campaign id from a token (a parameter) gets the account and region wildcard, with a note', () => {
  const stack = stackWith([uuid(1)]);
  new CampaignCommunicationLimits(stack, 'FromParameter', {
    campaignId: new CfnParameter(stack, 'CampaignId').valueAsString,
    communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1 }],
  });
  const [, policy] = campaignPolicy(Template.fromStack(stack));
  expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':connect-campaigns:us-east-1:123456789012:campaign/*']],
  });
  Annotations.fromStack(stack).hasInfo(
    '/Limits/ConnectCampaignCommunicationLimitsProvider/CampaignPermissions',
    Match.stringLikeRegexp('Limits/FromParameter takes its campaignId from a token'),
  );
});

test('below the budget the policy lists every campaign, and its real size stays within the budget', () => {
  let n = 1;
  while (!Annotations.fromStack(stackWith(ids(n + 1))).findWarning('*', Match.stringLikeRegexp('larger than')).length)
    n++;
  const template = Template.fromStack(stackWith(ids(n)));
  const [, policy] = campaignPolicy(template);
  expect(policy.Properties.PolicyDocument.Statement[0].Resource).toHaveLength(n);
  const [handlerRole] = policy.Properties.Roles as { Ref: string }[];
  const sizes = rolePolicies(template.toJSON() as PolicyTemplate);
  expect(sizes.find((r) => r.roleLogicalId === handlerRole.Ref)?.totalChars).toBeLessThanOrEqual(POLICY_SIZE_BUDGET);
  expect(n).toBeGreaterThanOrEqual(20); // where AwsCustomResource breaks the role limit
});

test('480 constructs fall back to a wildcard for the account and region, with a warning, far below the IAM limit', () => {
  const stack = stackWith(ids(480));
  const template = Template.fromStack(stack);
  const [, policy] = campaignPolicy(template);
  expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':connect-campaigns:us-east-1:123456789012:campaign/*']],
  });
  Annotations.fromStack(stack).hasWarning(
    '/Limits/ConnectCampaignCommunicationLimitsProvider/CampaignPermissions',
    Match.stringLikeRegexp("More than \\d+ campaigns would make the handler's policy larger than 4500 characters"),
  );
  const [largestRole] = rolePolicies(template.toJSON() as PolicyTemplate);
  expect(largestRole.totalChars).toBeLessThan(IAM_ROLE_INLINE_LIMIT / 2);
  template.resourceCountIs('AWS::Lambda::Function', 2);
});
