/**
 * Cancelled creates. When a resource fails while a custom resource's Create is still running, CloudFormation cancels
 * that Create ("Resource creation cancelled") and, in the rollback, sends its Delete with a physical id of its own
 * making, without waiting for the Create's answer, which it ignores when it comes (aws/aws-cdk#26139,
 * cloudformation-coverage-roadmap#1730 and #1814; the aws-cdk-lib custom-resources README since aws/aws-cdk#36951).
 * The format of that id is not documented: the runner makes it as CloudFormation makes generated names,
 * `<stack>-<logical id>-<12 characters>`.
 */
import { randomUUID } from 'node:crypto';
import type { ActionResult } from './custom-resource';

export class CreateCancellation {
  private readonly cancelled: Promise<'cancelled'>;
  private fire: () => void = () => undefined;
  /** Requests whose answer the operation stopped waiting for; their functions run on. */
  private readonly abandoned: Promise<unknown>[] = [];

  constructor() {
    this.cancelled = new Promise((resolve) => (this.fire = () => resolve('cancelled')));
  }

  /** A resource of the forward pass failed: every Create still running is cancelled. */
  public cancel(): void {
    this.fire();
  }

  /** The Create's result, or, if it is cancelled first, a failure naming CloudFormation's own physical id. */
  public async unlessCancelled(
    stackName: string,
    logicalId: string,
    sent: Promise<ActionResult>,
  ): Promise<ActionResult> {
    const outcome = await Promise.race([sent, this.cancelled]);
    if (outcome !== 'cancelled') return outcome;
    this.abandoned.push(sent);
    const suffix = randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase();
    return { ok: false, reason: 'Resource creation cancelled', physicalId: `${stackName}-${logicalId}-${suffix}` };
  }

  /**
   * Waits until every abandoned request has ended. CloudFormation does not wait (the stack's status is final
   * before), but the runner does, so that what those requests did is there to be seen when the operation returns.
   */
  public async settled(): Promise<void> {
    await Promise.allSettled(this.abandoned);
  }
}
