import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits, CommunicationLimitsDriftCheck } from '../../lib';
import { HANDLER_ACTIONS, POLICY_SIZE_BUDGET } from '../../lib/campaign-permissions';
import { IAM_ROLE_INLINE_LIMIT, PolicyTemplate, rolePolicies } from '../../tools/iam-policy-size';

interface StackOptions {
  /** A drift check declared before the limits constructs, or after them. */
  readonly driftCheck?: 'before' | 'after';
  /** Leave the stack's account and region to deploy time (the policy's worst case). */
  readonly agnostic?: boolean;
}

function stackWith(campaignIds: string[], { driftCheck, agnostic = false }: StackOptions = {}): Stack {
  const env = agnostic ? {} : { env: { account: '123456789012', region: 'us-east-1' } };
  const stack = new Stack(new App(), 'Limits', env);
  if (driftCheck === 'before') new CommunicationLimitsDriftCheck(stack, 'DriftCheck');
  campaignIds.forEach((campaignId, i) => {
    new CampaignCommunicationLimits(stack, `Limits${i}`, {
      campaignId,
      communicationLimits: [{ maxCountPerRecipient: 1, frequency: 1 }],
    });
  });
  if (driftCheck === 'after') new CommunicationLimitsDriftCheck(stack, 'DriftCheck');
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

describe('where the policy stops listing campaign ARNs and grants the account and region wildcard', () => {
  const PERMISSIONS_PATH = '/Limits/ConnectCampaignCommunicationLimitsProvider/CampaignPermissions';

  /** The number of campaign ARNs the policy lists, or 'wildcard'; and the real size of the handler role's policies. */
  function granted(stack: Stack): { listed: number | 'wildcard'; realSize: number } {
    const template = Template.fromStack(stack);
    const [, policy] = campaignPolicy(template);
    const resource = policy.Properties.PolicyDocument.Statement[0].Resource;
    const role = policy.Properties.Roles[0].Ref;
    const sizes = rolePolicies(template.toJSON() as PolicyTemplate);
    const realSize = sizes.find((r) => r.roleLogicalId === role)?.totalChars ?? NaN;
    return { listed: Array.isArray(resource) ? resource.length : 'wildcard', realSize };
  }

  function wildcardWarnings(stack: Stack): unknown[] {
    return Annotations.fromStack(stack)
      .findWarning(PERMISSIONS_PATH, Match.stringLikeRegexp('larger than'))
      .map((warning) => warning.entry.data);
  }

  const warningFor = (listed: number) =>
    `More than ${listed} campaigns would make the handler's policy larger than 4500 characters ` +
    '(IAM allows 10,240 per role): it grants access to every campaign of this account and region instead. ' +
    '[ack: cdk-connect-campaign-limits:policyWildcard]';

  test('without the drift check, 31 campaign ARNs are listed and a 32nd switches to the wildcard, with a warning', () => {
    expect(granted(stackWith(ids(31))).listed).toBe(31);
    expect(wildcardWarnings(stackWith(ids(31)))).toEqual([]);
    const past = stackWith(ids(32));
    expect(granted(past).listed).toBe('wildcard');
    expect(wildcardWarnings(past)).toEqual([warningFor(31)]);
  });

  test('with the drift check, 29 campaign ARNs are listed and a 30th switches to the wildcard, in either order', () => {
    for (const driftCheck of ['before', 'after'] as const) {
      expect(granted(stackWith(ids(29), { driftCheck })).listed).toBe(29);
      const past = stackWith(ids(30), { driftCheck });
      expect(granted(past).listed).toBe('wildcard');
      expect(wildcardWarnings(past)).toEqual([warningFor(29)]);
    }
  });

  test('the most campaigns listed keep the real policy within the budget where account and region are unknown', () => {
    for (const [n, driftCheck] of [
      [31, undefined],
      [29, 'after'],
    ] as const) {
      const { listed, realSize } = granted(stackWith(ids(n), { driftCheck, agnostic: true }));
      expect(listed).toBe(n);
      expect(realSize).toBeLessThanOrEqual(POLICY_SIZE_BUDGET);
    }
  });

  test('a policy estimated at exactly the budget still lists every campaign', () => {
    // The estimate: 687 for the document, 81 + the id's length + 3 per campaign: 31 UUIDs and one id of nine
    // characters make 4,500.
    const campaignIds = [...ids(31), 'campaign9'];
    expect(granted(stackWith(campaignIds)).listed).toBe(32);
    expect(granted(stackWith([...campaignIds.slice(0, 31), 'campaign10'])).listed).toBe('wildcard');
  });
});
