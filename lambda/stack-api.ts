/**
 * The handler's view of its own stack, from the CloudFormation API: whether the stack is rolling back or being
 * deleted, and which resource of the stack holds a campaign now. Retried like the campaign calls; every failure
 * becomes a `StackApiError`.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { StackApiError } from './errors';
import { logger } from './logger';
import { RetriesExhaustedError, RetryOptions, withRetries } from './retry';

export class StackApi {
  constructor(
    private readonly client: CloudFormationClient,
    private readonly stackId: string,
    private readonly retry: Omit<RetryOptions, 'onRetry'>,
  ) {}

  /** The stack's current status, e.g. `UPDATE_ROLLBACK_IN_PROGRESS`. */
  async status(): Promise<string | undefined> {
    const output = await this.call('DescribeStacks', () =>
      this.client.send(new DescribeStacksCommand({ StackName: this.stackId })),
    );
    return output.Stacks?.[0]?.StackStatus;
  }

  /** Every resource of the stack as CloudFormation records it now (all pages). */
  async resources(): Promise<StackResourceSummary[]> {
    const all: StackResourceSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('ListStackResources', () =>
        this.client.send(
          new ListStackResourcesCommand({ StackName: this.stackId, ...(nextToken ? { NextToken: nextToken } : {}) }),
        ),
      );
      all.push(...(page.StackResourceSummaries ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return all;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await withRetries(send, {
        ...this.retry,
        onRetry: (error, attempt, delayMs) => logger.info('Retrying', { operation, attempt, delayMs, error }),
      });
    } catch (error) {
      if (!(error instanceof RetriesExhaustedError)) throw error;
      throw new StackApiError(this.stackId, operation, error.attempts, error.lastError);
    }
  }
}
