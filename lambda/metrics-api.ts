/**
 * The handler's one call to CloudWatch: publishing the drift check's metric. Retried like every other call; a
 * failure becomes a `MetricsApiError`.
 */
import { CloudWatchClient, PutMetricDataCommand, StandardUnit } from '@aws-sdk/client-cloudwatch';
import { DRIFT_METRIC } from '../lib/shared/drift-contract';
import { MetricsApiError } from './errors';
import { logger } from './logger';
import { RetriesExhaustedError, RetryOptions, withRetries } from './retry';

export class MetricsApi {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly retry: Omit<RetryOptions, 'onRetry'>,
  ) {}

  /** Publishes the number of drifted targets of a stack. */
  async putDriftedTargets(stackName: string, count: number): Promise<void> {
    const command = new PutMetricDataCommand({
      Namespace: DRIFT_METRIC.namespace,
      MetricData: [
        {
          MetricName: DRIFT_METRIC.metricName,
          Dimensions: [{ Name: DRIFT_METRIC.stackDimension, Value: stackName }],
          Value: count,
          Unit: StandardUnit.Count,
        },
      ],
    });
    try {
      await withRetries(() => this.client.send(command), {
        ...this.retry,
        onRetry: (error, attempt, delayMs) =>
          logger.info('Retrying', { operation: 'PutMetricData', attempt, delayMs, error }),
      });
    } catch (error) {
      if (!(error instanceof RetriesExhaustedError)) throw error;
      throw new MetricsApiError('PutMetricData', error.attempts, error.lastError);
    }
  }
}
