/**
 * The drift check, shared by the command (`cdk-connect-campaign-limits drift`) and the scheduled run of the handler:
 * for every construct of a deployed stack, what the stack declares against what the service holds, and, when asked,
 * the declared limits re-applied where Connect allows it. No write when a target is in sync; nothing at all while
 * the stack has an operation in progress.
 */
import type { CommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';
import { InvalidPropertiesError, InvalidPropertyError } from '../../lib/shared/rules';
import type { StackApi } from '../stack-api';
import { DeclaredResource, readDeclaredStack, StackIdentity } from './declared-stack';
import { firstUnknown } from './intrinsics';
import { DRIFT_VERDICTS, Inspection, TargetKind, Verdict, VERDICTS } from './target-kind';

/** One construct of the stack: what it declares, what is live, and the verdict. */
export interface DriftRow {
  /** The construct path (`aws:cdk:path`), else the logical id. */
  readonly path: string;
  readonly logicalId: string;
  /** `campaign` or `instance`. */
  readonly kind: string;
  /** The campaign or instance id. */
  readonly target: string;
  /** Absent when the declared limits cannot be known. */
  readonly declared?: CommunicationLimitsConfig;
  /** `null`: the service holds none. Absent: not read (or the target is gone). */
  readonly live?: CommunicationLimitsConfig | null;
  /** The campaign's state, when it was read. */
  readonly state?: string;
  readonly verdict: Verdict;
  /** Why the verdict is unknown. */
  readonly reason?: string;
  /** With `correct`: what was done about a drifted target. */
  readonly correction?: { readonly corrected: boolean; readonly detail: string };
}

export interface DriftReport {
  readonly stack: StackIdentity;
  /** False when nothing was checked: the stack has an operation in progress. */
  readonly checked: boolean;
  /** Why nothing was checked. */
  readonly reason?: string;
  readonly rows: readonly DriftRow[];
}

export interface DriftCheckOptions {
  /** Re-apply the declared limits to drifted targets where Connect allows it. */
  readonly correct: boolean;
}

/** Checks every target of the stack, one after the other (Connect's API quotas are low and shared). */
export async function checkDrift(
  stack: StackApi,
  kinds: readonly TargetKind[],
  options: DriftCheckOptions,
): Promise<DriftReport> {
  const declared = await readDeclaredStack(
    stack,
    kinds.map((kind) => kind.resourceType),
  );
  const identity: StackIdentity = { stackId: declared.stackId, stackName: declared.stackName, status: declared.status };
  if (declared.inProgress) {
    return {
      stack: identity,
      checked: false,
      reason: `stack ${declared.stackName} is ${declared.status}: drift is neither checked nor corrected while an operation is in progress`,
      rows: [],
    };
  }
  const rows: DriftRow[] = [];
  for (const resource of declared.resources) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the resources were selected by these types
    const kind = kinds.find((candidate) => candidate.resourceType === resource.type)!;
    rows.push(await checkTarget(resource, kind, options));
  }
  return { stack: identity, checked: true, rows };
}

async function checkTarget(resource: DeclaredResource, kind: TargetKind, options: DriftCheckOptions) {
  // The ServiceToken (the provider's ARN, an attribute) is CloudFormation's business, not a declared value.
  const { ServiceToken: _token, ...declaredProperties } = resource.properties;
  const properties: Record<string, unknown> = declaredProperties;
  // The physical id of our resources is the target's id (the handler returns it): it names the target when the
  // template takes the id from something CloudFormation does not report (an attribute of a resource of the stack).
  if (firstUnknown(properties[kind.idProperty])) properties[kind.idProperty] = resource.physicalId;
  const base = { path: resource.path, logicalId: resource.logicalId, kind: kind.name, target: resource.physicalId };
  const unknown = firstUnknown(properties);
  if (unknown) {
    return { ...base, verdict: VERDICTS.unknown, reason: `${unknown.what} cannot be resolved from CloudFormation` };
  }
  let declared: CommunicationLimitsConfig;
  try {
    const parsed = kind.declared(properties);
    if (parsed.targetId !== resource.physicalId) {
      const reason = `the template names ${kind.name} ${parsed.targetId}, the resource holds ${resource.physicalId}`;
      return { ...base, verdict: VERDICTS.unknown, reason };
    }
    declared = parsed.limits;
  } catch (error) {
    if (!(error instanceof InvalidPropertyError || error instanceof InvalidPropertiesError)) throw error;
    return { ...base, verdict: VERDICTS.unknown, reason: `the declared value is invalid: ${error.message}` };
  }
  let inspection: Inspection;
  try {
    inspection = await kind.inspect(resource.physicalId, declared);
  } catch (error) {
    return { ...base, declared, verdict: VERDICTS.unknown, reason: messageOf(error) };
  }
  const row = { ...base, declared, ...inspection };
  if (!options.correct || !DRIFT_VERDICTS.includes(inspection.verdict)) return row;
  return { ...row, correction: await correct(resource.physicalId, declared, inspection, kind) };
}

async function correct(
  targetId: string,
  declared: CommunicationLimitsConfig,
  inspection: Inspection,
  kind: TargetKind,
) {
  const uncorrectable = kind.uncorrectable(inspection);
  if (uncorrectable) return { corrected: false, detail: `not corrected: ${uncorrectable}` };
  try {
    await kind.correct(targetId, declared);
    return { corrected: true, detail: 'corrected: the declared limits were re-applied' };
  } catch (error) {
    return { corrected: false, detail: `not corrected: ${kind.describeFailure(error) ?? messageOf(error)}` };
  }
}

/** Whether the row says the service does not hold what the stack declares (before any correction). */
export function isDrifted(row: DriftRow): boolean {
  return DRIFT_VERDICTS.includes(row.verdict);
}

/**
 * The command's exit status: 1 when drift remains (found and not corrected), else 2 when something could not be
 * checked (an unknown value, an operation in progress), else 0.
 */
export function exitStatus(report: DriftReport): 0 | 1 | 2 {
  if (report.rows.some((row) => isDrifted(row) && !row.correction?.corrected)) return 1;
  if (!report.checked || report.rows.some((row) => row.verdict === VERDICTS.unknown)) return 2;
  return 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
