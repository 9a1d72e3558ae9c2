/**
 * The cdk-nag suppressions the library writes (lib/nag-suppressions.ts), as the `cdk_nag` metadata of each resource,
 * without running cdk-nag (test/nag runs its AwsSolutions pack): which resource carries which rule, for which finding,
 * and that a second suppression on one resource keeps the first.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits, CommunicationLimitsDriftCheck } from '../../lib';

const LIMITS = [{ maxCountPerRecipient: 1, frequency: 1 }];

interface Suppression {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: unknown[];
}

function stackWith(build: (stack: Stack) => void = () => undefined): Stack {
  const stack = new Stack(new App(), 'Limits', { env: { account: '123456789012', region: 'us-east-1' } });
  new CampaignCommunicationLimits(stack, 'Limits', { campaignId: 'c-1', communicationLimits: LIMITS });
  build(stack);
  return stack;
}

/** Each resource's suppressions, by type and logical id. */
function suppressions(stack: Stack): Record<string, Suppression[]> {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Type: string; Metadata?: { cdk_nag?: { rules_to_suppress: Suppression[] } } }
  >;
  return Object.fromEntries(
    Object.entries(resources)
      .filter(([, r]) => r.Metadata?.cdk_nag)
      .map(([id, r]) => [`${r.Type} ${id}`, r.Metadata!.cdk_nag!.rules_to_suppress]),
  );
}

const find = (all: Record<string, Suppression[]>, pattern: RegExp) =>
  Object.entries(all)
    .filter(([key]) => pattern.test(key))
    .map(([, value]) => value);

test('the handler role and the framework role: the managed logs policy only', () => {
  const all = suppressions(stackWith());
  const roles = find(all, /^AWS::IAM::Role /);
  expect(roles).toHaveLength(2);
  for (const role of roles) {
    expect(role).toEqual([
      {
        id: 'AwsSolutions-IAM4',
        applies_to: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        reason: expect.stringContaining('AWSLambdaBasicExecutionRole only lets the function create log streams'),
      },
    ]);
  }
});

test("the framework's function: its runtime, which aws-cdk-lib defines; the handler function: none", () => {
  const all = suppressions(stackWith());
  const functions = Object.entries(all).filter(([key]) => key.startsWith('AWS::Lambda::Function '));
  expect(functions).toHaveLength(1);
  const [[key, rules]] = functions;
  expect(key).toMatch(/Providerframework/);
  expect(rules).toEqual([
    { id: 'AwsSolutions-L1', reason: expect.stringContaining("defined by aws-cdk-lib's custom-resources Provider") },
  ]);
});

test("the framework's policy: invoking any version of this stack's handler, that finding only", () => {
  const stack = stackWith();
  const template = Template.fromStack(stack);
  const [handlerId] = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
    id.includes('OnEventHandler'),
  );
  const all = suppressions(stack);
  const [frameworkPolicy] = find(all, /^AWS::IAM::Policy .*Providerframework/);
  expect(frameworkPolicy).toEqual([
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [`Resource::<${handlerId}.Arn>:*`],
      reason: expect.stringContaining('may invoke any version or alias'),
    },
  ]);
});

test("the framework's invoke grant on the handler's versions is suppressed with its whole reason", () => {
  const reasons = find(suppressions(stackWith()), /^AWS::IAM::Policy /)
    .flat()
    .map((s) => s.reason);
  expect(reasons).toContain(
    "The provider framework may invoke any version or alias of this stack's handler function " +
      "(CDK Provider's grant), and no other function",
  );
});

test('a campaign policy that lists every ARN has no suppression', () => {
  const all = suppressions(stackWith());
  expect(find(all, /^AWS::IAM::Policy .*CampaignPermissions/)).toEqual([]);
});

test('the wildcard and the metric statement: two suppressions on the campaign policy, the first kept', () => {
  const stack = stackWith((s) => {
    new CampaignCommunicationLimits(s, 'FromParameter', {
      campaignId: new CfnParameter(s, 'CampaignId').valueAsString,
      communicationLimits: LIMITS,
    });
    new CommunicationLimitsDriftCheck(s, 'DriftCheck');
  });
  const [policy] = find(suppressions(stack), /^AWS::IAM::Policy .*CampaignPermissions/);
  expect(policy).toEqual([
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: '/^Resource::arn:<AWS::Partition>:connect-campaigns:.+:campaign\\/\\*$/' }],
      reason: expect.stringContaining('the campaigns of this account and region only'),
    },
    {
      id: 'AwsSolutions-IAM5',
      applies_to: ['Resource::*'],
      reason: expect.stringContaining('cloudwatch:PutMetricData has no resource-level permission'),
    },
  ]);
});
