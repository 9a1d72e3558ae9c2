/**
 * CloudFormation's stack lifecycle: create, update and delete, with rollback and cleanup, over resources that are
 * either custom resources (driven through their ServiceToken function) or modelled types.
 */
import { randomUUID } from 'node:crypto';
import type { CloudAssembly } from './assembly';
import { ActionResult, CustomResourceDriver, isCustomResourceType, stringifyProperties } from './custom-resource';
import { evaluateCondition, resolveValue, Scope } from './intrinsics';
import type { StackTracker } from './live-state';
import { dependentsOf, FailurePolicy, runInDependencyOrder } from './scheduler';
import { Template, TemplateResource, TemplateValidationError } from './template';
import type {
  OperationPhase,
  OperationResult,
  ResourceAction,
  ResourceEventStatus,
  ResourceModel,
  ResourceStatus,
  StackEvent,
  StackStatus,
} from './types';

/** A resource as the stack holds it. */
export interface ResourceRecord {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** The properties resolved from the template: what changes are detected on, and what a rollback restores. */
  readonly resolved: Readonly<Record<string, unknown>>;
  /** The properties as the resource received them (stringified for a custom resource). */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The resources it depended on in the template that last created or updated it: deletes go in reverse. */
  readonly dependencies: readonly string[];
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

export interface StackRecord {
  readonly name: string;
  readonly id: string;
  readonly status: StackStatus;
  readonly template: Template;
  readonly assembly: CloudAssembly;
  readonly parameters: Readonly<Record<string, string>>;
  readonly resources: ReadonlyMap<string, ResourceRecord>;
  readonly outputs: Readonly<Record<string, string>>;
}

/** What a stack operation deploys. */
export interface StackTarget {
  readonly name: string;
  readonly template: Template;
  readonly assembly: CloudAssembly;
  /** Values for every parameter of the template (defaults already applied). */
  readonly parameters: Readonly<Record<string, string>>;
}

export interface EngineServices {
  readonly region: string;
  readonly accountId: string;
  readonly customResources: CustomResourceDriver;
  /** The models of non-custom types, for code found in the given assembly. */
  models(assembly: CloudAssembly): Readonly<Partial<Record<string, ResourceModel>>>;
  /** The live state of a stack, for the CloudFormation API: a new stack's is made on first use. */
  tracker(stackName: string, stackId: string): StackTracker;
}

/** The outcome of an operation: the stack as it is now (undefined once deleted) and the report. */
export interface EngineOutcome {
  readonly stack?: StackRecord;
  readonly result: OperationResult;
}

type ResourceMap = Map<string, ResourceRecord>;

/** What the forward pass of an update did, for the cleanup or the rollback. */
interface Changes {
  /** Created in this operation, including a failed create whose response named a physical id. */
  readonly created: Set<string>;
  /** Updated in this operation: the record before the update. */
  readonly updated: Map<string, ResourceRecord>;
  /** Failed updates: the record before, and the properties attempted. */
  readonly failedUpdates: Map<string, { readonly before: ResourceRecord; readonly attempted: Record<string, unknown> }>;
}

export class StackEngine {
  constructor(private readonly services: EngineServices) {}

  public async create(target: StackTarget): Promise<EngineOutcome> {
    this.validateTypes(target, undefined);
    const stackId = `arn:aws:cloudformation:${this.services.region}:${this.services.accountId}:stack/${target.name}/${randomUUID()}`;
    const operation = new Operation(this.services, target.name, stackId);
    operation.tracker.progress('CREATE_IN_PROGRESS', { parameters: target.parameters });
    const live: ResourceMap = new Map();
    const changes = emptyChanges();
    if (await this.deployResources(operation, target, new Map(), live, changes)) {
      const stack = {
        ...target,
        id: stackId,
        status: 'CREATE_COMPLETE' as const,
        resources: live,
        outputs: this.outputs(target, stackId, live),
      };
      return operation.outcome(stack);
    }
    operation.tracker.progress('ROLLBACK_IN_PROGRESS', {
      reason: `${operation.failures('deploy')}Rollback requested by user.`,
    });
    const remaining = await this.deleteResources(operation, target.assembly, live, 'rollback', 'skip-dependents');
    const status = remaining.size === 0 ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED';
    return operation.outcome({ ...target, id: stackId, status, resources: remaining, outputs: {} });
  }

  public async update(previous: StackRecord, target: StackTarget): Promise<EngineOutcome> {
    this.validateTypes(target, previous);
    const operation = new Operation(this.services, target.name, previous.id);
    operation.tracker.progress('UPDATE_IN_PROGRESS', { parameters: target.parameters });
    const live: ResourceMap = new Map();
    const changes = emptyChanges();
    if (await this.deployResources(operation, target, previous.resources, live, changes)) {
      operation.tracker.progress('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      await this.cleanUp(operation, previous, live, changes);
      const stack = {
        ...target,
        id: previous.id,
        status: 'UPDATE_COMPLETE' as const,
        resources: live,
        outputs: this.outputs(target, previous.id, live),
      };
      return operation.outcome(stack);
    }
    operation.tracker.progress('UPDATE_ROLLBACK_IN_PROGRESS', { reason: operation.failures('deploy') });
    return operation.outcome(await this.rollBackUpdate(operation, previous, target, live, changes));
  }

  public async delete(stack: StackRecord): Promise<EngineOutcome> {
    const operation = new Operation(this.services, stack.name, stack.id);
    operation.tracker.progress('DELETE_IN_PROGRESS');
    const remaining = await this.deleteResources(
      operation,
      stack.assembly,
      stack.resources,
      'delete',
      'skip-dependents',
    );
    if (remaining.size === 0) {
      const { result } = operation.outcome({ ...stack, status: 'DELETE_COMPLETE', resources: remaining, outputs: {} });
      return { result };
    }
    return operation.outcome({ ...stack, status: 'DELETE_FAILED', resources: remaining });
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

  /** Creates or updates every resource of the target in dependency order; false if one failed. */
  private async deployResources(
    operation: Operation,
    target: StackTarget,
    previous: ReadonlyMap<string, ResourceRecord>,
    live: ResourceMap,
    changes: Changes,
  ): Promise<boolean> {
    const scope = this.scope(target, operation.stackId, live);
    const resources = activeResources(target.template, scope);
    const actions = operation.actions(target.assembly);
    const outcomes = await runInDependencyOrder(
      resources.keys(),
      (logicalId) => resources.get(logicalId)!.dependencies,
      async (logicalId) => {
        const resource = resources.get(logicalId)!;
        const before = previous.get(logicalId);
        let resolved: Record<string, unknown>;
        try {
          resolved = resolveValue(resource.properties, scope) as Record<string, unknown>;
        } catch (error) {
          operation.record(resource, before ? 'UPDATE' : 'CREATE', 'deploy', {
            ok: false,
            reason: messageOf(error),
            physicalId: before?.physicalId,
          });
          return false;
        }
        if (!before) return this.createResource(operation, actions, resource, resolved, live, changes);
        if (sameValue(before.resolved, resolved)) {
          live.set(logicalId, { ...before, ...templateFields(resource) }); // nothing is sent
          return true;
        }
        return this.updateResource(operation, actions, resource, before, resolved, live, changes);
      },
      'stop',
    );
    return [...outcomes.values()].every((outcome) => outcome === 'succeeded');
  }

  private async createResource(
    operation: Operation,
    actions: ResourceActions,
    resource: TemplateResource,
    resolved: Record<string, unknown>,
    live: ResourceMap,
    changes: Changes,
  ): Promise<boolean> {
    operation.starting(resource, 'CREATE', undefined);
    const result = await actions.create(resource.logicalId, resource.type, resolved);
    operation.record(resource, 'CREATE', 'deploy', result);
    if (result.physicalId !== undefined) {
      // A failed create that named a physical id gets a Delete in the rollback, as CloudFormation sends one.
      const properties = result.ok ? result.properties : actions.delivered(resource.type, resolved);
      const attributes = result.ok ? result.attributes : {};
      live.set(resource.logicalId, {
        ...templateFields(resource),
        physicalId: result.physicalId,
        resolved,
        properties,
        attributes,
      });
      changes.created.add(resource.logicalId);
    }
    return result.ok;
  }

  private async updateResource(
    operation: Operation,
    actions: ResourceActions,
    resource: TemplateResource,
    before: ResourceRecord,
    resolved: Record<string, unknown>,
    live: ResourceMap,
    changes: Changes,
  ): Promise<boolean> {
    operation.starting(resource, 'UPDATE', before.physicalId);
    const result = await actions.update(before, resolved);
    operation.record(resource, 'UPDATE', 'deploy', result.ok ? result : { ...result, physicalId: before.physicalId });
    if (!result.ok) {
      changes.failedUpdates.set(resource.logicalId, { before, attempted: resolved });
      return false;
    }
    const { physicalId, properties, attributes } = result;
    live.set(resource.logicalId, { ...templateFields(resource), physicalId, resolved, properties, attributes });
    changes.updated.set(resource.logicalId, before);
    return true;
  }

  /** After a successful update: deletes removed resources and the old physical ids of replaced ones. */
  private async cleanUp(
    operation: Operation,
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
    await this.deleteResources(operation, previous.assembly, new Map([...removed, ...replaced]), 'cleanup', 'ignore', {
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
    operation: Operation,
    previous: StackRecord,
    target: StackTarget,
    live: ResourceMap,
    changes: Changes,
  ): Promise<StackRecord> {
    const newActions = operation.actions(target.assembly);
    const restore = new Map<string, { current: ResourceRecord; before: ResourceRecord }>();
    for (const [logicalId, before] of changes.updated) {
      const current = live.get(logicalId)!;
      if (current.physicalId === before.physicalId) restore.set(logicalId, { current, before });
      // A replaced resource is the old physical one again; the new one goes in the rollback cleanup.
      else operation.tracker.resource(logicalId, before.type, 'UPDATE_COMPLETE', before.physicalId);
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
        operation.starting(before, 'UPDATE', current.physicalId);
        const result = await actions.update(current, before.resolved);
        operation.record(
          before,
          'UPDATE',
          'rollback',
          result.ok ? result : { ...result, physicalId: current.physicalId },
        );
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
          operation.warn(`${logicalId}: replacement ${record.physicalId} is left behind`);
        else resources.set(logicalId, record);
      }
      return { ...previous, status: 'UPDATE_ROLLBACK_FAILED', resources };
    }
    operation.tracker.progress('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    await this.deleteResources(operation, target.assembly, createdHere, 'rollback-cleanup', 'ignore', {
      detached: new Set([...createdHere.keys()].filter((logicalId) => previous.resources.has(logicalId))),
    });
    return { ...previous, status: 'UPDATE_ROLLBACK_COMPLETE', resources };
  }

  /**
   * Deletes the records in reverse dependency order (a resource before what it depends on), honouring `Retain`.
   * Returns the records that still exist (failed, or not attempted because something depending on them failed).
   */
  private async deleteResources(
    operation: Operation,
    assembly: CloudAssembly,
    records: ReadonlyMap<string, ResourceRecord>,
    phase: OperationPhase,
    policy: FailurePolicy,
    options: {
      /** Old physical ids of replacements: their `UpdateReplacePolicy` applies, not their `DeletionPolicy`. */
      readonly replaced?: ReadonlySet<string>;
      /** Physical ids that are no longer (or not) the logical resource's: the live state does not show their delete. */
      readonly detached?: ReadonlySet<string>;
    } = {},
  ): Promise<ResourceMap> {
    const actions = operation.actions(assembly);
    const dependents = dependentsOf(
      new Map([...records].map(([logicalId, record]) => [logicalId, record.dependencies])),
    );
    const outcomes = await runInDependencyOrder(
      records.keys(),
      dependents,
      async (logicalId) => {
        const record = records.get(logicalId)!;
        const detached = options.detached?.has(logicalId) ?? false;
        const retainedBy = options.replaced?.has(logicalId) ? record.updateReplacePolicy : record.deletionPolicy;
        if (retains(retainedBy, phase)) {
          const skipped = { skipped: `${retainedBy} policy`, physicalId: record.physicalId };
          operation.record(record, 'DELETE', phase, skipped, detached);
          return true;
        }
        if (!detached) operation.starting(record, 'DELETE', record.physicalId);
        const result = await actions.delete(record);
        const outcome = result.ok ? result : { ...result, physicalId: record.physicalId };
        operation.record(record, 'DELETE', phase, outcome, detached);
        if (!result.ok && policy === 'ignore')
          operation.warn(`${logicalId} (${record.physicalId}): delete failed: ${result.reason}`);
        return result.ok;
      },
      policy,
    );
    return new Map([...records].filter(([logicalId]) => outcomes.get(logicalId) !== 'succeeded'));
  }

  private outputs(
    target: StackTarget,
    stackId: string,
    live: ReadonlyMap<string, ResourceRecord>,
  ): Record<string, string> {
    const scope = this.scope(target, stackId, live);
    return Object.fromEntries(
      Object.entries(target.template.outputs)
        .filter(([, output]) => output.condition === undefined || scope.condition(output.condition))
        .map(([name, output]) => [name, outputString(resolveValue(output.value, scope))]),
    );
  }

  /** Intrinsics over the target's parameters and the resources as they are now. */
  private scope(target: StackTarget, stackId: string, live: ReadonlyMap<string, ResourceRecord>): Scope {
    const { region, accountId } = this.services;
    const pseudo: Record<string, unknown> = {
      'AWS::AccountId': accountId,
      'AWS::NotificationARNs': [],
      'AWS::Partition': 'aws',
      'AWS::Region': region,
      'AWS::StackId': stackId,
      'AWS::StackName': target.name,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    const conditions = new Map<string, boolean>();
    const scope: Scope = {
      region,
      mappings: target.template.mappings,
      ref: (name) => {
        if (name in pseudo) return pseudo[name];
        if (name in target.template.parameters) {
          return parameterValue(target.template.parameters[name].type, target.parameters[name]);
        }
        const record = live.get(name);
        if (!record) throw new Error(`Ref: resource ${name} does not exist`);
        return record.physicalId;
      },
      getAtt: (logicalId, attribute) => {
        const record = live.get(logicalId);
        if (!record) throw new Error(`Fn::GetAtt: resource ${logicalId} does not exist`);
        if (!(attribute in record.attributes)) {
          throw new Error(`Fn::GetAtt: ${logicalId} (${record.type}) has no attribute ${attribute}`);
        }
        return record.attributes[attribute];
      },
      condition: (name) => {
        if (!conditions.has(name)) {
          if (!(name in target.template.conditions)) throw new Error(`unknown condition ${name}`);
          conditions.set(name, evaluateCondition(target.template.conditions[name], scope));
        }
        return conditions.get(name)!;
      },
    };
    return scope;
  }
}

/** Sends resource actions: a custom resource's request to its ServiceToken function, or a call to a model. */
class ResourceActions {
  constructor(
    private readonly operation: Operation,
    private readonly models: Readonly<Partial<Record<string, ResourceModel>>>,
  ) {}

  /** The properties in the form the resource receives them. */
  public delivered(type: string, resolved: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return isCustomResourceType(type) ? stringifyProperties(resolved) : { ...resolved };
  }

  /** Whether a property change is sent as an Update (else it is a replacement: a create, then a delete). */
  public updatesInPlace(type: string): boolean {
    return isCustomResourceType(type) || this.models[type]?.update !== undefined;
  }

  public create(logicalId: string, type: string, properties: Record<string, unknown>): Promise<ActionResult> {
    if (isCustomResourceType(type)) {
      return this.operation.services.customResources.send({
        ...this.requestBase(logicalId, type),
        requestType: 'Create',
        properties,
      });
    }
    return this.callModel(type, properties, (model) => model.create(this.modelRequest(logicalId, type, properties)));
  }

  public update(current: ResourceRecord, properties: Record<string, unknown>): Promise<ActionResult> {
    const { logicalId, type, physicalId } = current;
    if (isCustomResourceType(type)) {
      return this.operation.services.customResources.send({
        ...this.requestBase(logicalId, type),
        requestType: 'Update',
        properties,
        oldProperties: current.properties,
        physicalId,
      });
    }
    const request = { ...this.modelRequest(logicalId, type, properties), physicalId, oldProperties: current.resolved };
    return this.callModel(type, properties, (model) => (model.update ? model.update(request) : model.create(request)));
  }

  public async delete(record: ResourceRecord): Promise<ActionResult> {
    const { logicalId, type, physicalId } = record;
    if (isCustomResourceType(type)) {
      return this.operation.services.customResources.send({
        ...this.requestBase(logicalId, type),
        requestType: 'Delete',
        properties: record.resolved,
        physicalId,
      });
    }
    const request = { ...this.modelRequest(logicalId, type, record.resolved), physicalId };
    return this.callModel(type, record.resolved, async (model) => {
      await model.delete(request);
      return { physicalId };
    });
  }

  private requestBase(logicalId: string, resourceType: string) {
    return { stackId: this.operation.stackId, logicalId, resourceType };
  }

  private modelRequest(logicalId: string, resourceType: string, properties: Record<string, unknown>) {
    const { region, accountId } = this.operation.services;
    return { logicalId, resourceType, stackName: this.operation.stackName, region, accountId, properties };
  }

  private async callModel(
    type: string,
    properties: Record<string, unknown>,
    call: (model: ResourceModel) => ReturnType<ResourceModel['create']>,
  ): Promise<ActionResult> {
    try {
      const { physicalId, attributes } = await call(this.models[type]!);
      return { ok: true, physicalId, attributes: attributes ?? {}, properties: { ...properties } };
    } catch (error) {
      return { ok: false, reason: messageOf(error) };
    }
  }
}

type EventOutcome = ActionResult | { readonly skipped: string; readonly physicalId: string };

interface ResourceRef {
  readonly logicalId: string;
  readonly type: string;
}

/** The event log, warnings, first failure and live state of one stack operation. */
class Operation {
  /** The stack's live state: what the CloudFormation API reports while the operation runs. */
  public readonly tracker: StackTracker;
  private readonly events: StackEvent[] = [];
  private readonly warnings: string[] = [];
  private firstFailure?: string;

  constructor(
    public readonly services: EngineServices,
    public readonly stackName: string,
    public readonly stackId: string,
  ) {
    this.tracker = services.tracker(stackName, stackId);
  }

  public actions(assembly: CloudAssembly): ResourceActions {
    return new ResourceActions(this, this.services.models(assembly));
  }

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

  /** Ends the operation: the stack's final live state, and the report. */
  public outcome(stack: StackRecord): EngineOutcome {
    const lastPhase = this.events[this.events.length - 1]?.phase ?? 'deploy';
    this.tracker.finish(stack.status, stack, stack.status.endsWith('_FAILED') ? this.failures(lastPhase) : undefined);
    return { stack, result: this.result(stack) };
  }

  public warn(warning: string): void {
    this.warnings.push(warning);
  }

  public result(stack: Pick<StackRecord, 'name' | 'id' | 'status' | 'outputs'>): OperationResult {
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

function emptyChanges(): Changes {
  return { created: new Set(), updated: new Map(), failedUpdates: new Map() };
}

/** The resources whose Condition (if any) holds. */
function activeResources(template: Template, scope: Scope): Map<string, TemplateResource> {
  const active = [...template.resources].filter(
    ([, resource]) => resource.condition === undefined || scope.condition(resource.condition),
  );
  const names = new Set(active.map(([logicalId]) => logicalId));
  return new Map(
    active.map(([logicalId, resource]) => [
      logicalId,
      { ...resource, dependencies: resource.dependencies.filter((dependency) => names.has(dependency)) },
    ]),
  );
}

function templateFields(
  resource: TemplateResource,
): Pick<ResourceRecord, 'logicalId' | 'type' | 'dependencies' | 'deletionPolicy' | 'updateReplacePolicy'> {
  const { logicalId, type, dependencies, deletionPolicy, updateReplacePolicy } = resource;
  return { logicalId, type, dependencies, deletionPolicy, updateReplacePolicy };
}

/** `Retain` always keeps the resource; `RetainExceptOnCreate` keeps it unless its creation is being undone. */
function retains(policy: string | undefined, phase: OperationPhase): boolean {
  if (policy === 'Retain') return true;
  return policy === 'RetainExceptOnCreate' && phase !== 'rollback' && phase !== 'rollback-cleanup';
}

function parameterValue(type: string, value: string | undefined): unknown {
  if (value === undefined) throw new Error('parameter without a value');
  return type === 'CommaDelimitedList' || type.startsWith('List<') ? value.split(',') : value;
}

function sameValue(left: unknown, right: unknown): boolean {
  return JSON.stringify(canonical(left)) === JSON.stringify(canonical(right));
}

/** Objects with sorted keys, so that key order does not count as a change. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

function outputString(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
