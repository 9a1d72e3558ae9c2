/**
 * The handler's view of its own stack, from the CloudFormation API: whether the stack is rolling back or being
 * deleted, which resource of the stack holds a campaign now, and (for the drift check) the deployed template and its
 * parameter values. Retried like the campaign calls; every failure becomes a `StackApiError`.
 */
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type Stack,
  type StackResourceDetail,
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

  /** The stack as DescribeStacks reports it: its id, name, status and parameter values. */
  async describe(): Promise<Stack> {
    const output = await this.call('DescribeStacks', () =>
      this.client.send(new DescribeStacksCommand({ StackName: this.stackId })),
    );
    const stack = output.Stacks?.[0];
    if (!stack) throw new StackApiError(this.stackId, 'DescribeStacks', 1, new Error('no such stack'));
    return stack;
  }

  /** The template the stack was last deployed with (its `Original` stage), as the text CloudFormation holds. */
  async template(): Promise<string> {
    const output = await this.call('GetTemplate', () =>
      this.client.send(new GetTemplateCommand({ StackName: this.stackId })),
    );
    return output.TemplateBody ?? '';
  }

  /** Every resource of the stack as CloudFormation records it now (all pages). */
  async resources(): Promise<StackResourceSummary[]> {
    const first = await this.firstResources();
    return [...first.resources, ...(await first.rest())];
  }

  /**
   * The stack's resources on its first `pages` pages (one ListStackResources call each), whether more pages follow,
   * and the rest of them (from the last token, read at once: how long a token stays valid is not documented). What a
   * member of a large crowd reads before deciding when to read the rest (turns.ts).
   */
  async firstResources(pages = 1): Promise<{
    resources: StackResourceSummary[];
    more: boolean;
    rest: () => Promise<StackResourceSummary[]>;
  }> {
    const first: StackResourceSummary[] = [];
    let token: string | undefined;
    for (let read = 0; read < pages && (read === 0 || token); read++) {
      const page = await this.page(token);
      first.push(...(page.StackResourceSummaries ?? []));
      token = page.NextToken;
    }
    const rest = async (): Promise<StackResourceSummary[]> => {
      const all: StackResourceSummary[] = [];
      for (let next = token; next;) {
        const page = await this.page(next);
        all.push(...(page.StackResourceSummaries ?? []));
        next = page.NextToken;
      }
      return all;
    };
    return { resources: first, more: Boolean(token), rest };
  }

  private page(nextToken: string | undefined) {
    return this.call('ListStackResources', () =>
      this.client.send(
        new ListStackResourcesCommand({ StackName: this.stackId, ...(nextToken ? { NextToken: nextToken } : {}) }),
      ),
    );
  }

  /** One resource of the stack as CloudFormation records it now: one call, whatever the size of the stack. */
  async resource(logicalId: string): Promise<StackResourceDetail | undefined> {
    const output = await this.call('DescribeStackResource', () =>
      this.client.send(new DescribeStackResourceCommand({ StackName: this.stackId, LogicalResourceId: logicalId })),
    );
    return output.StackResourceDetail;
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
