/**
 * Which construct manages which target (a campaign's override), per app: two constructs that manage one target would
 * undo each other, so the second is rejected at synth time.
 *
 * A claim is made only after every other check of the construct has passed, so that a construct that fails leaves no
 * claim behind. A target whose id is a token cannot be compared at synth time: it is claimed under the path of the
 * construct that names it (a `CfnCampaign`, or the claiming construct itself), which only that construct can claim.
 */
import { IConstruct } from 'constructs';

/** Claims of each app (keyed by the construct tree's root), as target key to the claiming construct's path. */
const CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/** A target, as the claims registry tells targets apart. */
export interface ClaimTarget {
  /** What is claimed, for messages: e.g. `campaign`. */
  readonly kind: string;
  /** The key that identifies the target in the app. */
  readonly key: string;
  /** How the target reads in a message. */
  readonly label: string;
}

function claimsOf(scope: IConstruct): Map<string, string> {
  const root = scope.node.root;
  const claims = CLAIMS.get(root) ?? new Map<string, string>();
  CLAIMS.set(root, claims);
  return claims;
}

/** The path of the construct that has already claimed the target in this app, if one has. */
export function claimantOf(scope: IConstruct, target: ClaimTarget): string | undefined {
  return claimsOf(scope).get(`${target.kind}:${target.key}`);
}

/** Records that `claimant` manages the target. */
export function claim(claimant: IConstruct, target: ClaimTarget): void {
  claimsOf(claimant).set(`${target.kind}:${target.key}`, claimant.node.path);
}
