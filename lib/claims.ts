/**
 * Which construct manages which target (a campaign's override), per app: two constructs that manage one target would
 * undo each other, so the second is rejected at synth time.
 *
 * Targets are told apart per environment: the same campaign id in an account or region other than the first
 * claim's names another campaign, so it is no conflict. A claim whose account or region is not known at synth time
 * (an environment-agnostic stack) could be deployed into any environment: it conflicts with every claim of the same
 * id whose environment it could be.
 *
 * A claim is made only after every other check of the construct has passed, so that a construct that fails leaves no
 * claim behind. A target whose id is a token cannot be compared at synth time: it is claimed under the path of the
 * construct that names it (a `CfnCampaign`, or the claiming construct itself), which only that construct can claim.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { InvalidPropertyError } from './shared/rules';

/** An account and a region, each undefined when not known at synth time. */
export interface ClaimEnvironment {
  readonly account?: string;
  readonly region?: string;
}

/** The kinds of target, and the construct that manages each (for messages). */
const KINDS = {
  campaign: { noun: 'a campaign', manager: 'CampaignCommunicationLimits' },
  instance: { noun: 'an instance', manager: 'InstanceCommunicationLimits' },
} as const;
export type ClaimKind = keyof typeof KINDS;

/** A target, as the claims registry tells targets apart. */
export interface ClaimTarget {
  /** What is claimed: `campaign` or `instance`. */
  readonly kind: ClaimKind;
  /** The key that identifies the target within one environment. */
  readonly key: string;
  /** How the target reads in a message. */
  readonly label: string;
  /** Where the target is; omitted or partly undefined: not known at synth time, so it could be anywhere. */
  readonly environment?: ClaimEnvironment;
}

interface Claim {
  readonly environment: ClaimEnvironment;
  readonly claimant: string;
}

/** Claims of each app (keyed by the construct tree's root), as target to the claims on it in each environment. */
const CLAIMS = new WeakMap<IConstruct, Map<string, Claim[]>>();

function claimsOf(scope: IConstruct): Map<string, Claim[]> {
  const root = scope.node.root;
  const claims = CLAIMS.get(root) ?? new Map<string, Claim[]>();
  CLAIMS.set(root, claims);
  return claims;
}

/** The stack's account and region, each undefined when it is a token (an environment-agnostic stack). */
export function environmentOfStack(stack: Stack): ClaimEnvironment {
  const known = (value: string) => (Token.isUnresolved(value) ? undefined : value);
  return { account: known(stack.account), region: known(stack.region) };
}

/** Two environments can be the same one: each part is equal, or not known on one side. */
function mayBeSame(a: ClaimEnvironment, b: ClaimEnvironment): boolean {
  const compatible = (x?: string, y?: string) => x === undefined || y === undefined || x === y;
  return compatible(a.account, b.account) && compatible(a.region, b.region);
}

/** The path of the construct that has already claimed the target (in an environment it could share), if one has. */
export function claimantOf(scope: IConstruct, target: ClaimTarget): string | undefined {
  const claims = claimsOf(scope).get(`${target.kind}:${target.key}`) ?? [];
  return claims.find((c) => mayBeSame(c.environment, target.environment ?? {}))?.claimant;
}

/** Records that `claimant` manages the target. */
export function claim(claimant: IConstruct, target: ClaimTarget): void {
  const key = `${target.kind}:${target.key}`;
  const claims = claimsOf(claimant);
  claims.set(key, [
    ...(claims.get(key) ?? []),
    { environment: target.environment ?? {}, claimant: claimant.node.path },
  ]);
}

/** The claim on a target known by id at synth time, in the environment of its ARN or of the stack. */
export function targetById(kind: ClaimKind, id: string, environment: ClaimEnvironment): ClaimTarget {
  return { kind, key: `id:${id}`, label: id, environment };
}

/**
 * The claim on a target whose id is a token (a parameter, or the ARN of a resource of this app): it cannot be
 * compared at synth time, so it is claimed under the path of the construct that names it.
 */
export function targetByPath(kind: ClaimKind, namedBy: string): ClaimTarget {
  return { kind, key: `construct:${namedBy}`, label: namedBy };
}

/**
 * The problem of a second construct for a target already claimed in the app (in an environment it could share), as
 * a rule error on the prop that names the target; undefined if the target is free.
 */
export function secondClaimProblem(
  scope: IConstruct,
  target: ClaimTarget,
  field: string,
  given: unknown,
): InvalidPropertyError | undefined {
  const claimant = claimantOf(scope, target);
  if (claimant === undefined) return undefined;
  return new InvalidPropertyError(
    field,
    given,
    `${KINDS[target.kind].noun} that no other ${KINDS[target.kind].manager} manages (${claimant} does; they would undo each other)`,
  );
}
