/**
 * The forward pass of a create or update: each resource of the template created, updated or left as it is, in
 * dependency order, with a record of what changed for the cleanup or the rollback.
 */
import { isCustomResourceType } from './custom-resource';
import { resolveValue, Scope } from './intrinsics';
import type { OperationLog } from './operation-log';
import { failureReason, type ResourceActions } from './resource-actions';
import { runInDependencyOrder } from './scheduler';
import { ResourceMap, ResourceRecord, templateFields } from './stack-records';
import type { TemplateResource } from './template';

export interface DeployPass {
  readonly log: OperationLog;
  readonly actions: ResourceActions;
  /** The intrinsics scope: it reads `live`. */
  readonly scope: Scope;
  /** The resources whose Condition holds. */
  readonly resources: ReadonlyMap<string, TemplateResource>;
  /** The stack's records before the operation (none for a create). */
  readonly previous: ReadonlyMap<string, ResourceRecord>;
  /** The records as they are now, filled as the pass goes. */
  readonly live: ResourceMap;
}

/** What the forward pass of an update did, for the cleanup or the rollback. */
export interface Changes {
  /** Updated in this operation: the record before the update. */
  readonly updated: ReadonlyMap<string, ResourceRecord>;
  /** Failed updates: the record before, and the properties attempted. */
  readonly failedUpdates: ReadonlyMap<string, FailedUpdate>;
}

export interface FailedUpdate {
  readonly before: ResourceRecord;
  readonly attempted: Record<string, unknown>;
}

/** Creates or updates every resource in dependency order; `succeeded` is false if one failed. */
export async function deployResources(
  pass: DeployPass,
): Promise<{ readonly succeeded: boolean; readonly changes: Changes }> {
  const { log, scope, resources, previous, live } = pass;
  const updated = new Map<string, ResourceRecord>();
  const failedUpdates = new Map<string, FailedUpdate>();
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
        log.record(resource, before ? 'UPDATE' : 'CREATE', 'deploy', {
          ok: false,
          reason: failureReason(error),
          physicalId: before?.physicalId,
        });
        return false;
      }
      if (!before) return createResource(pass, resource, resolved);
      if (sameValue(before.resolved, resolved)) {
        live.set(logicalId, { ...before, ...templateFields(resource) }); // nothing is sent
        return true;
      }
      const ok = await updateResource(pass, resource, before, resolved);
      if (ok) updated.set(logicalId, before);
      else failedUpdates.set(logicalId, { before, attempted: resolved });
      return ok;
    },
    'stop',
  );
  const succeeded = [...outcomes.values()].every((outcome) => outcome === 'succeeded');
  return { succeeded, changes: { updated, failedUpdates } };
}

async function createResource(
  { log, actions, live }: DeployPass,
  resource: TemplateResource,
  resolved: Record<string, unknown>,
): Promise<boolean> {
  log.starting(resource, 'CREATE', undefined);
  const sent = actions.create(resource.logicalId, resource.type, resolved);
  const result = isCustomResourceType(resource.type)
    ? await log.cancellation.unlessCancelled(actions.stackName, resource.logicalId, sent)
    : await sent;
  log.record(resource, 'CREATE', 'deploy', result);
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
  }
  return result.ok;
}

async function updateResource(
  { log, actions, live }: DeployPass,
  resource: TemplateResource,
  before: ResourceRecord,
  resolved: Record<string, unknown>,
): Promise<boolean> {
  log.starting(resource, 'UPDATE', before.physicalId);
  const result = await actions.update(before, resolved);
  log.record(resource, 'UPDATE', 'deploy', result.ok ? result : { ...result, physicalId: before.physicalId });
  if (!result.ok) return false;
  const { physicalId, properties, attributes } = result;
  live.set(resource.logicalId, { ...templateFields(resource), physicalId, resolved, properties, attributes });
  return true;
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
