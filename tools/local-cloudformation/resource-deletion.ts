/** Deleting a stack's resources: in reverse dependency order, honouring `DeletionPolicy` and `UpdateReplacePolicy`. */
import type { OperationLog } from './operation-log';
import type { ResourceActions } from './resource-actions';
import { dependentsOf, FailurePolicy, runInDependencyOrder } from './scheduler';
import type { ResourceMap, ResourceRecord } from './stack-records';
import type { OperationPhase } from './types';

export interface DeleteOptions {
  /** Old physical ids of replacements: their `UpdateReplacePolicy` applies, not their `DeletionPolicy`. */
  readonly replaced?: ReadonlySet<string>;
  /** Physical ids that are no longer (or not) the logical resource's: the live state does not show their delete. */
  readonly detached?: ReadonlySet<string>;
}

/**
 * Deletes the records in reverse dependency order (a resource before what it depends on), honouring `Retain`.
 * Returns the records that still exist (failed, or not attempted because something depending on them failed).
 */
export async function deleteResources(
  log: OperationLog,
  actions: ResourceActions,
  records: ReadonlyMap<string, ResourceRecord>,
  phase: OperationPhase,
  policy: FailurePolicy,
  options: DeleteOptions = {},
): Promise<ResourceMap> {
  const dependents = dependentsOf(new Map([...records].map(([logicalId, record]) => [logicalId, record.dependencies])));
  const outcomes = await runInDependencyOrder(
    records.keys(),
    dependents,
    async (logicalId) => {
      const record = records.get(logicalId)!;
      const detached = options.detached?.has(logicalId) ?? false;
      const retainedBy = options.replaced?.has(logicalId) ? record.updateReplacePolicy : record.deletionPolicy;
      if (retains(retainedBy, phase)) {
        const skipped = { skipped: `${retainedBy} policy`, physicalId: record.physicalId };
        log.record(record, 'DELETE', phase, skipped, detached);
        return true;
      }
      if (!detached) log.starting(record, 'DELETE', record.physicalId);
      const result = await actions.delete(record);
      const outcome = result.ok ? result : { ...result, physicalId: record.physicalId };
      log.record(record, 'DELETE', phase, outcome, detached);
      if (!result.ok && policy === 'ignore')
        log.warn(`${logicalId} (${record.physicalId}): delete failed: ${result.reason}`);
      return result.ok;
    },
    policy,
  );
  return new Map([...records].filter(([logicalId]) => outcomes.get(logicalId) !== 'succeeded'));
}

/** `Retain` always keeps the resource; `RetainExceptOnCreate` keeps it unless its creation is being undone. */
function retains(policy: string | undefined, phase: OperationPhase): boolean {
  if (policy === 'Retain') return true;
  return policy === 'RetainExceptOnCreate' && phase !== 'rollback' && phase !== 'rollback-cleanup';
}
