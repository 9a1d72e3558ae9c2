/** The record of one stack operation: its resource events, warnings and first failure, and the stack's live state. */
import { CreateCancellation } from './create-cancellation';
import type { ActionResult } from './custom-resource';
import type { StackTracker } from './live-state';
import type { EngineOutcome, StackRecord } from './stack-records';
import type {
  OperationPhase,
  OperationResult,
  ResourceAction,
  ResourceEventStatus,
  ResourceStatus,
  StackEvent,
} from './types';

/** How an action ended, or why it was not sent. */
export type EventOutcome = ActionResult | { readonly skipped: string; readonly physicalId: string };

interface ResourceRef {
  readonly logicalId: string;
  readonly type: string;
}

/** The event log, warnings, first failure and live state of one stack operation. */
export class OperationLog {
  private readonly events: StackEvent[] = [];
  private readonly warnings: string[] = [];
  private firstFailure?: string;
  /** The creates a failure of the forward pass cancels. */
  public readonly cancellation = new CreateCancellation();

  constructor(
    /** The stack's live state: what the CloudFormation API reports while the operation runs. */
    public readonly tracker: StackTracker,
  ) {}

  /** An action was sent: the logical resource shows it in progress, on the physical id it has now. */
  public starting(resource: ResourceRef, action: ResourceAction, physicalId: string | undefined): void {
    this.tracker.resource(resource.logicalId, resource.type, `${action}_IN_PROGRESS`, physicalId);
  }

  /**
   * An action ended. Unless `detached` (the delete of a physical id the logical resource no longer has), the live
   * state follows: a completed cleanup delete takes the resource out of the stack.
   */
  public record(
    resource: ResourceRef,
    action: ResourceAction,
    phase: OperationPhase,
    outcome: EventOutcome,
    detached = false,
  ): void {
    const base = {
      logicalId: resource.logicalId,
      resourceType: resource.type,
      action,
      phase,
      physicalId: outcome.physicalId,
    };
    if ('skipped' in outcome) {
      this.events.push({ ...base, status: 'SKIPPED', reason: outcome.skipped });
    } else if (outcome.ok) {
      this.events.push({ ...base, status: 'COMPLETE' });
    } else {
      this.events.push({ ...base, status: 'FAILED', reason: outcome.reason });
      if (phase !== 'cleanup' && phase !== 'rollback-cleanup')
        this.firstFailure ??= `${resource.logicalId}: ${outcome.reason}`;
      if (phase === 'deploy') this.cancellation.cancel();
    }
    if (detached) return;
    const status = this.events[this.events.length - 1].status;
    if (action === 'DELETE' && status !== 'FAILED' && (phase === 'cleanup' || phase === 'rollback-cleanup')) {
      this.tracker.remove(resource.logicalId);
    } else {
      const reason = 'skipped' in outcome || outcome.ok ? undefined : outcome.reason;
      this.tracker.resource(resource.logicalId, resource.type, endStatus(action, status), outcome.physicalId, reason);
    }
  }

  /** CloudFormation's stack status reason for the failures of a phase (empty if none). */
  public failures(phase: OperationPhase): string {
    const failed = this.events.filter((event) => event.phase === phase && event.status === 'FAILED');
    return (['CREATE', 'UPDATE', 'DELETE'] as const)
      .map((action) => {
        const ids = failed.filter((event) => event.action === action).map((event) => event.logicalId);
        if (ids.length === 0) return '';
        return `The following resource(s) failed to ${action.toLowerCase()}: [${ids.join(', ')}]. `;
      })
      .join('');
  }

  public warn(warning: string): void {
    this.warnings.push(warning);
  }

  /** Ends the operation: the stack's final live state, and the report. */
  public outcome(stack: StackRecord): EngineOutcome {
    const lastPhase = this.events[this.events.length - 1]?.phase ?? 'deploy';
    this.tracker.finish(stack.status, stack, stack.status.endsWith('_FAILED') ? this.failures(lastPhase) : undefined);
    return { stack, result: this.result(stack) };
  }

  private result(stack: StackRecord): OperationResult {
    return {
      stackName: stack.name,
      stackId: stack.id,
      status: stack.status,
      events: [...this.events],
      outputs: stack.outputs,
      reason: this.firstFailure,
      warnings: [...this.warnings],
    };
  }
}

function endStatus(action: ResourceAction, status: ResourceEventStatus): ResourceStatus {
  return status === 'SKIPPED' ? 'DELETE_SKIPPED' : `${action}_${status}`;
}
