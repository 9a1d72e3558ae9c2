/**
 * CloudFormation's stack lifecycle: create, update and delete, with rollback and cleanup, over resources that are
 * either custom resources (driven through their ServiceToken function) or modelled types.
 */
import { randomUUID } from 'node:crypto';
import type { CloudAssembly } from './assembly';
import { CustomResourceDriver, isCustomResourceType } from './custom-resource';
import type { Scope } from './intrinsics';
import type { StackTracker } from './live-state';
import { OperationLog } from './operation-log';
import { ResourceActions } from './resource-actions';
import { deleteResources } from './resource-deletion';
import { Changes, deployResources } from './resource-deployment';
import { runInDependencyOrder } from './scheduler';
import { EngineOutcome, ResourceMap, ResourceRecord, StackRecord, stackRecord, StackTarget } from './stack-records';
import { activeResources, stackOutputs, stackScope } from './stack-scope';
import { TemplateValidationError } from './template';
import type { ResourceModel } from './types';

export interface EngineServices {
  readonly region: string;
  readonly accountId: string;
  readonly customResources: CustomResourceDriver;
  /** The models of non-custom types, for code found in the given assembly. */
  models(assembly: CloudAssembly): Readonly<Partial<Record<string, ResourceModel>>>;
  /** The live state of a stack, for the CloudFormation API: a new stack's is made on first use. */
  tracker(stackName: string, stackId: string): StackTracker;
}

/** One operation on one stack: its log, and the resource actions it sends on the stack's behalf. */
interface StackOperation {
  readonly stackId: string;
  readonly log: OperationLog;
  /** Actions with the models for the code of the given assembly. */
  actions(assembly: CloudAssembly): ResourceActions;
}

export class StackEngine {
  constructor(private readonly services: EngineServices) {}

  public async create(target: StackTarget): Promise<EngineOutcome> {
    this.validateTypes(target, undefined);
    const stackId = `arn:aws:cloudformation:${this.services.region}:${this.services.accountId}:stack/${target.name}/${randomUUID()}`;
    const operation = this.operation(target.name, stackId);
    const { log } = operation;
    log.tracker.progress('CREATE_IN_PROGRESS', { parameters: target.parameters });
    const live: ResourceMap = new Map();
    if ((await this.deployResources(operation, target, new Map(), live)).succeeded) {
      return log.outcome(stackRecord(target, stackId, 'CREATE_COMPLETE', live, this.outputs(target, stackId, live)));
    }
    log.tracker.progress('ROLLBACK_IN_PROGRESS', { reason: `${log.failures('deploy')}Rollback requested by user.` });
    const actions = operation.actions(target.assembly);
    const remaining = await deleteResources(log, actions, live, 'rollback', 'skip-dependents');
    const status = remaining.size === 0 ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED';
    const outcome = log.outcome(stackRecord(target, stackId, status, remaining, {}));
    await log.cancellation.settled();
    return outcome;
  }

  public async update(previous: StackRecord, target: StackTarget): Promise<EngineOutcome> {
    this.validateTypes(target, previous);
    const operation = this.operation(target.name, previous.id);
    const { log } = operation;
    log.tracker.progress('UPDATE_IN_PROGRESS', { parameters: target.parameters });
    const live: ResourceMap = new Map();
    const { succeeded, changes } = await this.deployResources(operation, target, previous.resources, live);
    if (succeeded) {
      log.tracker.progress('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      await this.cleanUp(operation, previous, live, changes);
      const outputs = this.outputs(target, previous.id, live);
      return log.outcome(stackRecord(target, previous.id, 'UPDATE_COMPLETE', live, outputs));
    }
    log.tracker.progress('UPDATE_ROLLBACK_IN_PROGRESS', { reason: log.failures('deploy') });
    const outcome = log.outcome(await this.rollBackUpdate(operation, previous, target, live, changes));
    await log.cancellation.settled();
    return outcome;
  }

  public async delete(stack: StackRecord): Promise<EngineOutcome> {
    const operation = this.operation(stack.name, stack.id);
    const { log } = operation;
    log.tracker.progress('DELETE_IN_PROGRESS');
    const actions = operation.actions(stack.assembly);
    const remaining = await deleteResources(log, actions, stack.resources, 'delete', 'skip-dependents');
    if (remaining.size === 0) {
      const { result } = log.outcome({ ...stack, status: 'DELETE_COMPLETE', resources: remaining, outputs: {} });
      return { result };
    }
    return log.outcome({ ...stack, status: 'DELETE_FAILED', resources: remaining });
  }

  private operation(stackName: string, stackId: string): StackOperation {
    const { region, accountId, customResources } = this.services;
    return {
      stackId,
      log: new OperationLog(this.services.tracker(stackName, stackId)),
      actions: (assembly) =>
        new ResourceActions({ stackId, stackName, region, accountId }, customResources, this.services.models(assembly)),
    };
  }

  /** CloudFormation rejects unknown types and type changes before it starts. */
  private validateTypes(target: StackTarget, previous: StackRecord | undefined): void {
    const models = this.services.models(target.assembly);
    const problems: string[] = [];
    for (const resource of target.template.resources.values()) {
      if (!isCustomResourceType(resource.type) && !models[resource.type]) {
        problems.push(
          `unmodelled resource type ${resource.type} (${resource.logicalId}): pass a model in resourceModels`,
        );
      }
      const before = previous?.resources.get(resource.logicalId);
      if (before && before.type !== resource.type) {
        problems.push(
          `Update of resource type is not permitted: ${resource.logicalId} from ${before.type} to ${resource.type}`,
        );
      }
    }
    if (problems.length > 0) throw new TemplateValidationError(problems);
  }

  /** The forward pass over the target's resources whose Condition holds, filling `live`. */
  private deployResources(
    operation: StackOperation,
    target: StackTarget,
    previous: ReadonlyMap<string, ResourceRecord>,
    live: ResourceMap,
  ): ReturnType<typeof deployResources> {
    const scope = this.scope(target, operation.stackId, live);
    const resources = activeResources(target.template, scope);
    const actions = operation.actions(target.assembly);
    return deployResources({ log: operation.log, actions, scope, resources, previous, live });
  }

  /** After a successful update: deletes removed resources and the old physical ids of replaced ones. */
  private async cleanUp(
    operation: StackOperation,
    previous: StackRecord,
    live: ResourceMap,
    changes: Changes,
  ): Promise<void> {
    const removed = [...previous.resources].filter(([logicalId]) => !live.has(logicalId));
    const replaced = [...changes.updated].filter(
      ([logicalId, before]) => live.get(logicalId)!.physicalId !== before.physicalId,
    );
    // Both are records of the old template: deleted in its reverse dependency order.
    // The old physical id of a replacement is no longer the logical resource's: its delete does not show on it.
    const replacedIds = new Set(replaced.map(([logicalId]) => logicalId));
    const actions = operation.actions(previous.assembly);
    await deleteResources(operation.log, actions, new Map([...removed, ...replaced]), 'cleanup', 'ignore', {
      replaced: replacedIds,
      detached: replacedIds,
    });
  }

  /**
   * Puts back what a failed update changed: an Update to the previous properties for each resource updated in place
   * (and for the failed one), in the old template's order; then deletes what it created, new physical ids of
   * replacements included, in the new template's reverse order. The stack keeps its previous template.
   */
  private async rollBackUpdate(
    operation: StackOperation,
    previous: StackRecord,
    target: StackTarget,
    live: ResourceMap,
    changes: Changes,
  ): Promise<StackRecord> {
    const { log } = operation;
    const newActions = operation.actions(target.assembly);
    const restore = new Map<string, { current: ResourceRecord; before: ResourceRecord }>();
    for (const [logicalId, before] of changes.updated) {
      const current = live.get(logicalId)!;
      if (current.physicalId === before.physicalId) restore.set(logicalId, { current, before });
      // A replaced resource is the old physical one again; the new one goes in the rollback cleanup.
      else log.tracker.resource(logicalId, before.type, 'UPDATE_COMPLETE', before.physicalId);
    }
    for (const [logicalId, { before, attempted }] of changes.failedUpdates) {
      // A model that replaces on every change left the old resource untouched: nothing to put back.
      if (!newActions.updatesInPlace(before.type)) continue;
      const current = { ...before, resolved: attempted, properties: newActions.delivered(before.type, attempted) };
      restore.set(logicalId, { current, before });
    }
    // What exists after the rollback: the old records, except where an Update back did not succeed.
    const resources: ResourceMap = new Map([
      ...previous.resources,
      ...[...restore].map(([id, { current }]) => [id, current] as const),
    ]);
    const actions = operation.actions(previous.assembly);
    const outcomes = await runInDependencyOrder(
      restore.keys(),
      (logicalId) => restore.get(logicalId)!.before.dependencies,
      async (logicalId) => {
        const { current, before } = restore.get(logicalId)!;
        log.starting(before, 'UPDATE', current.physicalId);
        const result = await actions.update(current, before.resolved);
        log.record(before, 'UPDATE', 'rollback', result.ok ? result : { ...result, physicalId: current.physicalId });
        if (result.ok)
          resources.set(logicalId, { ...before, physicalId: result.physicalId, attributes: result.attributes });
        return result.ok;
      },
      'stop',
    );
    // Created by this update, or the new physical id of a replacement.
    const createdHere = new Map(
      [...live].filter(([logicalId, record]) => record.physicalId !== previous.resources.get(logicalId)?.physicalId),
    );
    if ([...outcomes.values()].some((outcome) => outcome !== 'succeeded')) {
      for (const [logicalId, record] of createdHere) {
        if (previous.resources.has(logicalId))
          log.warn(`${logicalId}: replacement ${record.physicalId} is left behind`);
        else resources.set(logicalId, record);
      }
      return { ...previous, status: 'UPDATE_ROLLBACK_FAILED', resources };
    }
    log.tracker.progress('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    await deleteResources(log, newActions, createdHere, 'rollback-cleanup', 'ignore', {
      detached: new Set([...createdHere.keys()].filter((logicalId) => previous.resources.has(logicalId))),
    });
    return { ...previous, status: 'UPDATE_ROLLBACK_COMPLETE', resources };
  }

  private outputs(
    target: StackTarget,
    stackId: string,
    live: ReadonlyMap<string, ResourceRecord>,
  ): Record<string, string> {
    return stackOutputs(target.template, this.scope(target, stackId, live));
  }

  private scope(target: StackTarget, stackId: string, live: ReadonlyMap<string, ResourceRecord>): Scope {
    return stackScope(this.services, target, stackId, live);
  }
}
