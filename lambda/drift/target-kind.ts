/**
 * What the drift check needs to know about one kind of target (a campaign's override, an instance's limits): which
 * custom resource type declares it, how to read the declared limits (the handler's own parser), how to read what
 * the service holds and compare (the handler's own comparison), and how to re-apply the declared limits (the
 * handler's own API module). The engine (drift-check.ts) knows nothing else about a kind.
 */
import type { CommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';

/** The verdicts, as the command prints them. */
export const VERDICTS = {
  inSync: 'in sync',
  drifted: 'drifted',
  overrideMissing: 'override missing',
  targetGone: 'target gone',
  notInitialized: 'cannot correct: not Initialized',
  unknown: 'unknown',
} as const;
export type Verdict = (typeof VERDICTS)[keyof typeof VERDICTS];

/** The verdicts that say the service does not hold what the stack declares. */
export const DRIFT_VERDICTS: readonly Verdict[] = [
  VERDICTS.drifted,
  VERDICTS.overrideMissing,
  VERDICTS.targetGone,
  VERDICTS.notInitialized,
];

/** What a resource declares, as the handler reads it. */
export interface Declared {
  /** The campaign or instance id (the handler's physical id). */
  readonly targetId: string;
  readonly limits: CommunicationLimitsConfig;
}

/** What one read of the target found. */
export interface Inspection {
  readonly verdict: Verdict;
  /** What the service holds; `null` when it holds none (no override). Absent when the target is gone. */
  readonly live?: CommunicationLimitsConfig | null;
  /** The campaign's state, when it was read (only when the verdict needs it). */
  readonly state?: string;
}

export interface TargetKind {
  /** How a target of this kind is named in the output: `campaign`, `instance`. */
  readonly name: string;
  /** The custom resource type that declares it. */
  readonly resourceType: string;
  /** The property that names the target; when it cannot be resolved, the resource's physical id names it. */
  readonly idProperty: string;
  /** The declared target and limits, by the handler's own parser. Throws what it throws for a bad value. */
  declared(properties: Readonly<Record<string, unknown>>): Declared;
  /** One read of the target (plus the campaign's state only if the verdict depends on it), and the verdict. */
  inspect(targetId: string, declared: CommunicationLimitsConfig): Promise<Inspection>;
  /** Re-applies the declared limits; throws what the API module throws. */
  correct(targetId: string, declared: CommunicationLimitsConfig): Promise<void>;
  /** Why a drifted target cannot be corrected, or undefined if a correction may be tried. */
  uncorrectable(inspection: Inspection): string | undefined;
  /** The message of a correction that failed. */
  describeFailure(error: unknown): string | undefined;
}
