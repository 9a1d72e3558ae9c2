/**
 * The contract between `CommunicationLimitsDriftCheck` (which writes the schedule's input and the metric's name) and
 * the handler (which reads the input and publishes the metric). Both import these, so a renamed field breaks the
 * build instead of a scheduled run.
 *
 * This module must not import aws-cdk-lib: it is bundled into the handler.
 */

/**
 * The input the schedule gives the handler, constant for a stack: which stack to check (its id), and whether to
 * correct. No declared limits: the handler reads them from CloudFormation.
 */
export interface DriftCheckInput {
  readonly DriftCheck: {
    readonly StackId: string;
    readonly Correct: boolean;
  };
}

/** The metric each scheduled run publishes: the number of drifted targets of the stack. */
export const DRIFT_METRIC = {
  namespace: 'ConnectCampaignCommunicationLimits',
  metricName: 'DriftedTargets',
  /** The one dimension: the stack's name. */
  stackDimension: 'StackName',
} as const;

/** Whether a Lambda event is the schedule's input (and not a CloudFormation request). */
export function isDriftCheckInput(event: unknown): event is DriftCheckInput {
  if (typeof event !== 'object' || event === null || !('DriftCheck' in event)) return false;
  const check: unknown = event.DriftCheck;
  return (
    typeof check === 'object' &&
    check !== null &&
    'StackId' in check &&
    typeof check.StackId === 'string' &&
    'Correct' in check &&
    typeof check.Correct === 'boolean'
  );
}
