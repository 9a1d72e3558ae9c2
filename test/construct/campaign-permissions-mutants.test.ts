/**
 * Where the handler's campaign policy (lib/campaign-permissions.ts) stops listing campaign ARNs and grants the
 * account and region wildcard instead: the campaign counts at which it switches, with and without the drift check,
 * the policy's real size there, and the warning's exact text.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CampaignCommunicationLimits, CommunicationLimitsDriftCheck } from '../../lib';
import { POLICY_SIZE_BUDGET } from '../../lib/campaign-permissions';
import { PolicyTemplate, rolePolicies } from '../../tools/iam-policy-size';

const PERMISSIONS_PATH = '/Limits/ConnectCampaignCommunicationLimitsProvider/CampaignPermissions';
const uuid = (i: number) => `${String(i).padStart(8, '0')}-0000-1111-2222-333344445555`;
const uuids = (n: number) => Array.from({ length: n }, (_, i) => uuid(i));

interface Options {
  readonly driftCheck?: 'before' | 'after';
  /** Leave the stack's account and region to deploy time (the policy's worst case). */
  readonly agnostic?: boolean;
}

function stackWith(campaignIds: string[], { driftCheck, agnostic = false }: Options = {}): Stack {
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

interface Policy {
  readonly Properties: {
    readonly Roles: { Ref: string }[];
    readonly PolicyDocument: { Statement: { Resource: unknown }[] };
  };
}

/** The number of campaign ARNs the policy lists, or 'wildcard'; and the real size of the handler role's policies. */
function granted(stack: Stack): { listed: number | 'wildcard'; realSize: number } {
  const template = Template.fromStack(stack);
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { PolicyName: Match.stringLikeRegexp('^ConnectCampaignLimits-') },
    }),
  ) as Policy[];
  expect(policies).toHaveLength(1);
  const [policy] = policies;
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
  expect(granted(stackWith(uuids(31))).listed).toBe(31);
  expect(wildcardWarnings(stackWith(uuids(31)))).toEqual([]);
  const past = stackWith(uuids(32));
  expect(granted(past).listed).toBe('wildcard');
  expect(wildcardWarnings(past)).toEqual([warningFor(31)]);
});

test('with the drift check, 29 campaign ARNs are listed and a 30th switches to the wildcard, in either order', () => {
  for (const driftCheck of ['before', 'after'] as const) {
    expect(granted(stackWith(uuids(29), { driftCheck })).listed).toBe(29);
    const past = stackWith(uuids(30), { driftCheck });
    expect(granted(past).listed).toBe('wildcard');
    expect(wildcardWarnings(past)).toEqual([warningFor(29)]);
  }
});

test('the most campaigns listed keep the real policy within the budget where account and region are unknown', () => {
  for (const [n, driftCheck] of [
    [31, undefined],
    [29, 'after'],
  ] as const) {
    const { listed, realSize } = granted(stackWith(uuids(n), { driftCheck, agnostic: true }));
    expect(listed).toBe(n);
    expect(realSize).toBeLessThanOrEqual(POLICY_SIZE_BUDGET);
  }
});

test('a policy estimated at exactly the budget still lists every campaign', () => {
  // The estimate: 687 for the document, 81 + the id's length + 3 per campaign: 31 UUIDs and one id of nine
  // characters make 4,500.
  const ids = [...uuids(31), 'campaign9'];
  expect(granted(stackWith(ids)).listed).toBe(32);
  expect(granted(stackWith([...ids.slice(0, 31), 'campaign10'])).listed).toBe('wildcard');
});
