/**
 * Which other resource of the stack holds a target (a campaign, an instance) now. Used before a Delete takes the
 * limits away, for both resource types.
 */
import { logger } from './logger';
import type { StackApi } from './stack-api';

/** The resource whose Delete is being handled. */
export interface DeletedResource {
  /** Its CloudFormation type: only resources of the same type hold the same kind of target. */
  readonly resourceType: string;
  /** Its physical id: the target's id. */
  readonly physicalId: string;
  readonly logicalId: string;
}

/**
 * The logical id of another resource of this stack, of the same type, that holds the target now (its physical id), if
 * any. That is the case when a construct was renamed or moved within the stack (CloudFormation creates the new
 * resource, then deletes the old one), when two constructs swapped targets, and when a rollback deletes a resource
 * created on a target that an older resource still manages. Not looked up while the whole stack is being deleted. If
 * the stack cannot be read, the Delete goes ahead, as it would without this check.
 */
export async function currentHolder(deleted: DeletedResource, stack: StackApi): Promise<string | undefined> {
  try {
    if ((await stack.status()) === 'DELETE_IN_PROGRESS') return undefined;
    const holder = (await stack.resources()).find(
      (r) =>
        r.ResourceType === deleted.resourceType &&
        r.LogicalResourceId !== deleted.logicalId &&
        r.PhysicalResourceId === deleted.physicalId &&
        !r.ResourceStatus?.startsWith('DELETE_'),
    );
    return holder?.LogicalResourceId;
  } catch (error) {
    logger.warn('Could not read the stack to check which resource holds the target; removing its limits', {
      physicalId: deleted.physicalId,
      error,
    });
    return undefined;
  }
}
