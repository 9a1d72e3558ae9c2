/**
 * A stack's state as CloudFormation reports it while operations run: the stack status of the current phase, and
 * for each logical resource its current physical id and status. The engine moves it; the CloudFormation API
 * endpoint reads it.
 */
import type { LiveResource, LiveStack, LiveStackStatus, ResourceStatus, StackStatus } from './types';

/** The statuses a stack shows while an operation runs. */
export type ProgressStatus = Exclude<LiveStackStatus, StackStatus>;

/** What a stack holds once an operation ended: its resources (by logical id), outputs and parameters. */
export interface SettledStack {
  readonly resources: ReadonlyMap<string, { readonly type: string; readonly physicalId: string }>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
}

/** Final statuses after which the resources no longer in the stack are listed as deleted, not dropped. */
const DELETING: readonly StackStatus[] = ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_COMPLETE', 'DELETE_FAILED'];
const GONE: readonly ResourceStatus[] = ['DELETE_COMPLETE', 'DELETE_SKIPPED'];

export class StackTracker {
  private status: LiveStackStatus = 'CREATE_IN_PROGRESS';
  private statusReason?: string;
  private readonly creationTime = new Date();
  private lastUpdatedTime?: Date;
  private deletionTime?: Date;
  private parameters: Readonly<Record<string, string>> = {};
  private outputs: Readonly<Record<string, string>> = {};
  private readonly resources = new Map<string, LiveResource>();

  constructor(
    public readonly stackName: string,
    public readonly stackId: string,
  ) {}

  public get deleted(): boolean {
    return this.status === 'DELETE_COMPLETE';
  }

  /** Moves the stack into a phase of an operation. */
  public progress(
    status: ProgressStatus,
    options: { readonly reason?: string; readonly parameters?: Readonly<Record<string, string>> } = {},
  ): void {
    this.status = status;
    this.statusReason = options.reason;
    if (options.parameters) this.parameters = options.parameters;
    if (status === 'UPDATE_IN_PROGRESS') this.lastUpdatedTime = new Date();
    if (status === 'DELETE_IN_PROGRESS') this.deletionTime = new Date();
  }

  /** Sets a logical resource's status and current physical id (none: it has none yet). */
  public resource(
    logicalId: string,
    type: string,
    status: ResourceStatus,
    physicalId: string | undefined,
    statusReason?: string,
  ): void {
    this.resources.set(logicalId, { logicalId, type, status, physicalId, statusReason, lastUpdated: new Date() });
  }

  /** The logical resource is no longer part of the stack (its cleanup delete ended). */
  public remove(logicalId: string): void {
    this.resources.delete(logicalId);
  }

  /**
   * Ends an operation. Entries not among the stack's resources are dropped (cleanup leftovers, failed creates), or,
   * when the stack's resources were being deleted, listed as DELETE_COMPLETE, as CloudFormation lists them.
   */
  public finish(status: StackStatus, stack: SettledStack, reason?: string): void {
    this.status = status;
    this.statusReason = reason;
    this.outputs = stack.outputs;
    this.parameters = stack.parameters;
    for (const [logicalId, entry] of this.resources) {
      const record = stack.resources.get(logicalId);
      if (record) {
        if (record.physicalId !== entry.physicalId)
          this.resources.set(logicalId, { ...entry, physicalId: record.physicalId });
      } else if (!DELETING.includes(status)) {
        this.resources.delete(logicalId);
      } else if (!GONE.includes(entry.status)) {
        this.resource(logicalId, entry.type, 'DELETE_COMPLETE', entry.physicalId);
      }
    }
  }

  /** A stack in ROLLBACK_COMPLETE is deleted before it is created again (as the CDK CLI does). */
  public markDeleted(): void {
    this.deletionTime = new Date();
    this.finish('DELETE_COMPLETE', { resources: new Map(), outputs: {}, parameters: this.parameters });
  }

  public describe(): LiveStack {
    return {
      stackName: this.stackName,
      stackId: this.stackId,
      status: this.status,
      statusReason: this.statusReason,
      creationTime: this.creationTime,
      lastUpdatedTime: this.lastUpdatedTime,
      deletionTime: this.deletionTime,
      parameters: this.parameters,
      outputs: this.outputs,
      resources: [...this.resources.values()],
    };
  }
}
