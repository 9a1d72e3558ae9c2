/**
 * The scheduled drift check (the input of a `CommunicationLimitsDriftCheck` schedule): checks the handler's own stack,
 * logs one structured line per drifted target, corrects when configured, and publishes the number of drifted
 * targets as a CloudWatch metric. Nothing is published while the stack has an operation in progress.
 */
import type { DriftCheckInput } from '../../lib/shared/drift-contract';
import { logger } from '../logger';
import type { MetricsApi } from '../metrics-api';
import type { StackApi } from '../stack-api';
import { checkDrift, isDrifted } from './drift-check';
import { targetKinds, TargetApis } from './targets';
import { VERDICTS } from './target-kind';

export interface ScheduledApis extends TargetApis {
  /** The stack named by the input. */
  readonly stack: StackApi;
  readonly metrics: MetricsApi;
}

/** What a run found, also the function's answer. */
export interface DriftRunSummary {
  readonly stackName: string;
  readonly checked: boolean;
  readonly targets: number;
  readonly drifted: number;
  readonly corrected: number;
  readonly unknown: number;
}

export async function runScheduledDriftCheck(input: DriftCheckInput, apis: ScheduledApis): Promise<DriftRunSummary> {
  const correct = input.DriftCheck.Correct;
  const report = await checkDrift(apis.stack, targetKinds(apis), { correct });
  const { stackName } = report.stack;
  if (!report.checked) {
    logger.warn('Drift not checked', { stackName, reason: report.reason });
    return { stackName, checked: false, targets: 0, drifted: 0, corrected: 0, unknown: 0 };
  }
  const drifted = report.rows.filter(isDrifted);
  for (const row of drifted) {
    logger.warn('Drifted', {
      construct: row.path,
      [row.kind]: row.target,
      verdict: row.verdict,
      declared: row.declared,
      live: row.live === null ? 'none' : row.live, // the logger drops a null
      ...(row.state === undefined ? {} : { state: row.state }),
      ...(row.correction ? { correction: row.correction.detail } : {}),
    });
  }
  const unknown = report.rows.filter((row) => row.verdict === VERDICTS.unknown);
  for (const row of unknown)
    logger.warn('Drift unknown', { construct: row.path, [row.kind]: row.target, reason: row.reason });
  await apis.metrics.putDriftedTargets(stackName, drifted.length);
  const summary = {
    stackName,
    checked: true,
    targets: report.rows.length,
    drifted: drifted.length,
    corrected: drifted.filter((row) => row.correction?.corrected).length,
    unknown: unknown.length,
  };
  logger.info('Drift check done', { ...summary });
  return summary;
}
