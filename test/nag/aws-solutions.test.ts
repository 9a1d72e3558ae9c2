/**
 * cdk-nag's AwsSolutions pack over the example app's stack and over stacks with many constructs: no finding may be
 * left unsuppressed, and every suppression the library adds is specific (one rule, one finding, one reason).
 */
import { Annotations as CoreAnnotations, App, Aspects, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnCampaign } from 'aws-cdk-lib/aws-connectcampaignsv2';
import { AwsSolutionsChecks, NagPackSuppression } from 'cdk-nag';
import { CampaignLimitsExampleStack, PLACEHOLDER_CAMPAIGN_ID } from '../../bin/example-stack';
import { CampaignCommunicationLimits, CommunicationLimitsDriftCheck, InstanceCommunicationLimits } from '../../lib';

const ENV = { account: '123456789012', region: 'us-east-1' };
const LIMITS = [{ maxCountPerRecipient: 1, frequency: 1 }];
const uuid = (i: number) => `${String(i).padStart(8, '0')}-0000-1111-2222-333344445555`;

/** Runs the checks; returns every error and warning of the stack, nag's and any other. */
function findingsOf(app: App, stack: Stack): string[] {
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())].map(
    (message) => `${message.id}: ${JSON.stringify(message.entry.data)}`,
  );
}

/** The suppressions in the synthesized template, by logical id. */
function suppressionsOf(stack: Stack): Record<string, NagPackSuppression[]> {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Metadata?: Record<string, any> }>;
  return Object.fromEntries(
    Object.entries(resources)
      .filter(([, resource]) => resource.Metadata?.cdk_nag)
      .map(([id, resource]) => [id, resource.Metadata!.cdk_nag.rules_to_suppress]),
  );
}

test('the example app stack has no unsuppressed finding', () => {
  const app = new App();
  const stack = new CampaignLimitsExampleStack(app, 'CampaignLimitsExample', {
    env: ENV,
    campaignId: PLACEHOLDER_CAMPAIGN_ID,
  });
  expect(findingsOf(app, stack)).toEqual([]);
});

test('an environment-agnostic stack has no unsuppressed finding', () => {
  const app = new App();
  const stack = new CampaignLimitsExampleStack(app, 'CampaignLimitsExample', { campaignId: PLACEHOLDER_CAMPAIGN_ID });
  expect(findingsOf(app, stack)).toEqual([]);
});

test('a stack with a drift check has no unsuppressed finding (the metric statement is scoped by its namespace)', () => {
  for (const env of [ENV, undefined]) {
    const app = new App();
    const stack = new CampaignLimitsExampleStack(app, 'CampaignLimitsExample', {
      env,
      campaignId: PLACEHOLDER_CAMPAIGN_ID,
    });
    new CommunicationLimitsDriftCheck(stack, 'DriftCheck', { correct: true });
    expect(findingsOf(app, stack)).toEqual([]);
  }
});

test('an environment-agnostic stack past the policy budget has no unsuppressed finding', () => {
  const app = new App();
  const stack = new Stack(app, 'ManyLimitsAnywhere');
  for (let i = 0; i < 50; i++) {
    new CampaignCommunicationLimits(stack, `Limits${i}`, { campaignId: uuid(i), communicationLimits: LIMITS });
  }
  CoreAnnotations.of(stack).acknowledgeWarning('cdk-connect-campaign-limits:policyWildcard', 'expected: 50 campaigns');
  expect(findingsOf(app, stack)).toEqual([]);
});

test('a campaign id from a parameter (the wildcard) has no unsuppressed finding', () => {
  const app = new App();
  const stack = new Stack(app, 'ParameterLimits', { env: ENV });
  new CampaignCommunicationLimits(stack, 'Limits', {
    campaignId: new CfnParameter(stack, 'CampaignId').valueAsString,
    communicationLimits: LIMITS,
  });
  expect(findingsOf(app, stack)).toEqual([]);
});

test('50 constructs and one on a CfnCampaign: no unsuppressed finding; the wildcard is suppressed for campaigns only', () => {
  const app = new App();
  const stack = new Stack(app, 'ManyLimits', { env: ENV });
  for (let i = 0; i < 50; i++) {
    new CampaignCommunicationLimits(stack, `Limits${i}`, { campaignId: uuid(i), communicationLimits: LIMITS });
  }
  const campaign = new CfnCampaign(stack, 'Campaign', {
    name: 'outreach',
    connectInstanceId: '11111111-2222-3333-4444-555555555555',
    channelSubtypeConfig: {
      telephony: {
        defaultOutboundConfig: { connectContactFlowId: '66666666-7777-8888-9999-000000000000' },
        outboundMode: { progressiveConfig: { bandwidthAllocation: 1 } },
      },
    },
  });
  new CampaignCommunicationLimits(stack, 'CampaignLimits', { campaign, communicationLimits: LIMITS });
  // The construct's own warning says the policy fell back to the wildcard: expected here, and acknowledged.
  CoreAnnotations.of(stack).acknowledgeWarning(
    'cdk-connect-campaign-limits:policyWildcard',
    'many campaigns on purpose',
  );

  expect(findingsOf(app, stack)).toEqual([]);
  const wildcard = Object.entries(suppressionsOf(stack)).find(([id]) => id.includes('CampaignPermissions'));
  expect(wildcard?.[1]).toEqual([
    expect.objectContaining({ id: 'AwsSolutions-IAM5', applies_to: [expect.any(Object)] }),
  ]);
});

test('a campaign policy that lists its campaigns carries no suppression', () => {
  const app = new App();
  const stack = new Stack(app, 'FewLimits', { env: ENV });
  new CampaignCommunicationLimits(stack, 'Limits', { campaignId: uuid(1), communicationLimits: LIMITS });
  expect(findingsOf(app, stack)).toEqual([]);
  expect(Object.keys(suppressionsOf(stack)).filter((id) => id.includes('CampaignPermissions'))).toEqual([]);
});

const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';

test.each([
  ['in an environment', ENV],
  ['environment-agnostic', undefined],
])('the example stack with instance limits (%s): no unsuppressed finding', (_where, env) => {
  const app = new App();
  const stack = new CampaignLimitsExampleStack(app, 'CampaignLimitsExample', {
    env,
    campaignId: PLACEHOLDER_CAMPAIGN_ID,
    connectInstanceId: INSTANCE_ID,
  });
  expect(findingsOf(app, stack)).toEqual([]);
});

test('instance limits only, from a parameter: no unsuppressed finding; the "*" is suppressed on the instance policy only', () => {
  const app = new App();
  const stack = new Stack(app, 'InstanceOnly', { env: ENV });
  new InstanceCommunicationLimits(stack, 'Limits', {
    connectInstanceId: new CfnParameter(stack, 'InstanceId').valueAsString,
    communicationLimits: LIMITS,
  });
  expect(findingsOf(app, stack)).toEqual([]);
  const suppressed = Object.entries(suppressionsOf(stack)).filter(([, rules]) =>
    rules.some((rule) => JSON.stringify((rule as any).applies_to) === '["Resource::*"]'),
  );
  expect(suppressed.map(([id]) => id)).toEqual([expect.stringContaining('InstancePermissions')]);
});

test('every suppression is for one rule, with a reason, and granular rules name their findings', () => {
  const app = new App();
  const stack = new CampaignLimitsExampleStack(app, 'CampaignLimitsExample', {
    env: ENV,
    campaignId: PLACEHOLDER_CAMPAIGN_ID,
    connectInstanceId: INSTANCE_ID,
  });
  const all = Object.values(suppressionsOf(stack)).flat();
  expect(all.length).toBeGreaterThan(0);
  for (const suppression of all) {
    expect(suppression.id).toMatch(/^AwsSolutions-(IAM4|IAM5|L1)$/);
    expect(suppression.reason.length).toBeGreaterThan(40);
    if (suppression.id !== 'AwsSolutions-L1') expect((suppression as any).applies_to).toHaveLength(1);
  }
  // Nothing suppressed in bulk: no stack-level suppressions.
  expect(stack.templateOptions.metadata?.cdk_nag).toBeUndefined();
});
