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

/** An account and a region, each undefined when not known at synth time. */
export interface ClaimEnvironment {
  readonly account?: string;
  readonly region?: string;
}

/** A target, as the claims registry tells targets apart. */
export interface ClaimTarget {
  /** What is claimed, for messages: e.g. `campaign`. */
  readonly kind: string;
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
