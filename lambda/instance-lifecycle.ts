/**
 * What each CloudFormation request does to an Amazon Connect instance's communication limits
 * (`Custom::ConnectInstanceCommunicationLimits`). The physical id is the instance id: another instance is a
 * replacement, whose cleanup Delete resets the old instance. No campaign-style state rule applies to an instance.
 * A cancelled Create (a sibling failed while it ran) leaves no limits behind, as for a campaign (lifecycle.ts).
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ATTRIBUTES, INSTANCE_RESOURCE_TYPE } from '../lib/shared/contract';
import { environmentOf, Environment } from '../lib/shared/campaign-arn';
import { isInstanceId, resolveConnectInstance } from '../lib/shared/instance-arn';
import { InvalidPropertiesError, RemovalPolicyValue } from '../lib/shared/rules';
import {
  DesiredInstanceLimits,
  parseDesiredInstanceLimits,
  sameDesiredInstanceLimits,
} from './desired-instance-limits';
import { isObject, parseRemovalPolicy } from './desired-limits';
import { InstanceNotFoundError } from './errors';
import { currentHolder } from './holder';
import { InstanceApi, NO_INSTANCE_LIMITS } from './instance-api';
import type { LifecycleResult } from './lifecycle';
import { actAroundWriteInFlight, cancelledCreate, CREATE_FAILED_MARKER, stackStatus } from './lifecycle';
import { logger } from './logger';
import type { StackApi } from './stack-api';

/** The services an instance request talks to. */
export interface InstanceApis {
  readonly instances: InstanceApi;
  /** The stack that sent the request. */
  readonly stack: StackApi;
  /** The longest a write already sent can take to land: what the Delete of a cancelled Create waits out. */
  readonly inFlightMs: number;
}

export async function handleInstanceEvent(
  event: CloudFormationCustomResourceEvent,
  apis: InstanceApis,
): Promise<LifecycleResult> {
  // An instance ARN must be of the stack's account and region: the handler calls Connect Campaigns there.
  const environment = environmentOf(event.StackId);
  switch (event.RequestType) {
    case 'Create':
      return create(parseDesiredInstanceLimits(event.ResourceProperties, environment), event.LogicalResourceId, apis);
    case 'Update':
      return update(event.ResourceProperties, event.OldResourceProperties, environment, apis);
    case 'Delete':
      await reset(event.PhysicalResourceId, event.LogicalResourceId, event.ResourceProperties, environment, apis);
      return {};
  }
}

async function update(
  properties: unknown,
  oldProperties: unknown,
  environment: Environment,
  apis: InstanceApis,
): Promise<LifecycleResult> {
  const desired = parseDesiredInstanceLimits(properties, environment);
  const previous = tryParse(oldProperties, environment);
  if (previous && sameDesiredInstanceLimits(previous, desired)) {
    logger.info('Instance limits unchanged; no call to the service', { connectInstanceId: desired.connectInstanceId });
    return result(desired.connectInstanceId);
  }
  // A new instance id returns a new physical id: CloudFormation then deletes the old one, resetting its limits.
  try {
    return await apply(desired, apis.instances);
  } catch (error) {
    // A rollback Update puts the previous limits back. If the instance is gone, failing would leave the stack in
    // UPDATE_ROLLBACK_FAILED, which needs manual repair: the rollback goes on, as for a campaign that is gone.
    if (
      !(error instanceof InstanceNotFoundError) ||
      (await stackStatus(apis.stack)) !== 'UPDATE_ROLLBACK_IN_PROGRESS'
    ) {
      throw error;
    }
    logger.warn('Rolling back, but the instance is gone; nothing to restore', {
      connectInstanceId: desired.connectInstanceId,
      error,
    });
    return result(desired.connectInstanceId);
  }
}

/**
 * Puts the limits; then, if the stack is no longer creating (a sibling failed meanwhile, and CloudFormation cancelled
 * this Create and sent its Delete without waiting, aws/aws-cdk#26139), resets them, as that Delete would have. If the
 * stack cannot be read, the limits stay.
 */
async function create(desired: DesiredInstanceLimits, logicalId: string, apis: InstanceApis): Promise<LifecycleResult> {
  const created = await apply(desired, apis.instances);
  const status = await cancelledCreate(apis.stack);
  if (status === undefined) return created;
  const { connectInstanceId } = desired;
  logger.warn('The stack is no longer creating this resource (its Create was cancelled); resetting the limits it put', {
    connectInstanceId,
    stackStatus: status,
  });
  await resetUnlessKept(connectInstanceId, logicalId, desired.removalPolicy, apis);
  return created;
}

async function apply(desired: DesiredInstanceLimits, instances: InstanceApi): Promise<LifecycleResult> {
  const { connectInstanceId, config } = desired;
  await instances.putLimits(connectInstanceId, config);
  logger.info('Put instance communication limits', { connectInstanceId, config });
  return result(connectInstanceId);
}

/**
 * Resets the instance to no limits (a Put with an empty configuration: there is no delete operation), unless
 * retained, or unless another resource of the stack holds the instance now. Succeeds whenever there is nothing left
 * that it could reset.
 *
 * The physical id is the instance id of the properties, except for a Create that CloudFormation cancelled: its Delete
 * carries a physical id of CloudFormation's own making (which looks like an instance id), and comes while the Create
 * may still be writing. That Delete resets the instance of its properties, then waits out a write in flight and resets
 * again (the Create also resets when it sees the stack rolling back; see `create`).
 */
async function reset(
  physicalId: string,
  logicalId: string,
  properties: unknown,
  environment: Environment,
  apis: InstanceApis,
): Promise<void> {
  const declared = declaredInstanceId(properties, environment);
  const removalPolicy = parseRemovalPolicy(properties);
  if (declared === undefined || declared === physicalId) {
    // The handler returns an instance id, never an ARN; the framework's `CREATE_FAILED` marker is none.
    if (!isInstanceId(physicalId)) {
      // A failed Create answers with a physical id of the provider framework's making: nothing was put.
      logger.warn('Physical id is not an instance id; nothing to reset', { physicalId });
      return;
    }
    await resetUnlessKept(physicalId, logicalId, removalPolicy, apis);
    return;
  }
  if (physicalId === CREATE_FAILED_MARKER) {
    logger.warn('The Create failed before writing; nothing to reset', { physicalId });
    return;
  }
  logger.warn("The physical id is not the instance of the resource: CloudFormation cancelled this resource's Create", {
    physicalId,
    connectInstanceId: declared,
  });
  await actAroundWriteInFlight(() => resetUnlessKept(declared, logicalId, removalPolicy, apis), apis.inFlightMs);
}

/** Resets the instance's limits unless retained, held by another resource of the stack, or gone. Whether it did. */
async function resetUnlessKept(
  connectInstanceId: string,
  logicalId: string,
  removalPolicy: RemovalPolicyValue,
  apis: InstanceApis,
): Promise<boolean> {
  if (removalPolicy === 'Retain') {
    logger.info('Removal policy is Retain; the instance keeps its limits', { connectInstanceId });
    return false;
  }
  const holder = await currentHolder(
    { resourceType: INSTANCE_RESOURCE_TYPE, physicalId: connectInstanceId, logicalId },
    apis.stack,
  );
  if (holder) {
    logger.info('Another resource of the stack holds this instance now; its limits stay', {
      connectInstanceId,
      holder,
    });
    return false;
  }
  try {
    await apis.instances.putLimits(connectInstanceId, NO_INSTANCE_LIMITS);
    logger.info('Reset the instance to no communication limits', { connectInstanceId });
    return true;
  } catch (error) {
    if (!(error instanceof InstanceNotFoundError)) throw error;
    logger.warn('Instance no longer exists; nothing to reset', { connectInstanceId });
    return false;
  }
}

/**
 * The instance id of the properties (given by id or by ARN), or undefined if they have no valid one: a Delete never
 * fails on that.
 */
function declaredInstanceId(properties: unknown, environment: Environment): string | undefined {
  const value = isObject(properties) ? properties.ConnectInstanceId : undefined;
  try {
    return resolveConnectInstance('connectInstanceId', value, environment);
  } catch {
    return undefined;
  }
}

function result(connectInstanceId: string): LifecycleResult {
  return { PhysicalResourceId: connectInstanceId, Data: { [ATTRIBUTES.connectInstanceId]: connectInstanceId } };
}

function tryParse(properties: unknown, environment: Environment): DesiredInstanceLimits | undefined {
  try {
    return parseDesiredInstanceLimits(properties, environment);
  } catch (error) {
    if (error instanceof InvalidPropertiesError) return undefined;
    throw error;
  }
}
