/**
 * What each CloudFormation request does to an Amazon Connect instance's communication limits
 * (`Custom::ConnectInstanceCommunicationLimits`). The physical id is the instance id: another instance is a
 * replacement, whose cleanup Delete resets the old instance. No campaign-style state rule applies to an instance.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ATTRIBUTES, INSTANCE_RESOURCE_TYPE } from '../lib/shared/contract';
import { environmentOf, Environment } from '../lib/shared/campaign-arn';
import { isInstanceId } from '../lib/shared/instance-arn';
import { InvalidPropertiesError } from '../lib/shared/rules';
import {
  DesiredInstanceLimits,
  parseDesiredInstanceLimits,
  sameDesiredInstanceLimits,
} from './desired-instance-limits';
import { parseRemovalPolicy } from './desired-limits';
import { InstanceNotFoundError } from './errors';
import { currentHolder } from './holder';
import { InstanceApi, NO_INSTANCE_LIMITS } from './instance-api';
import type { LifecycleResult } from './lifecycle';
import { stackStatus } from './lifecycle';
import { logger } from './logger';
import type { StackApi } from './stack-api';

/** The services an instance request talks to. */
export interface InstanceApis {
  readonly instances: InstanceApi;
  /** The stack that sent the request. */
  readonly stack: StackApi;
}

export async function handleInstanceEvent(
  event: CloudFormationCustomResourceEvent,
  apis: InstanceApis,
): Promise<LifecycleResult> {
  // An instance ARN must be of the stack's account and region: the handler calls Connect Campaigns there.
  const environment = environmentOf(event.StackId);
  switch (event.RequestType) {
    case 'Create':
      return apply(parseDesiredInstanceLimits(event.ResourceProperties, environment), apis.instances);
    case 'Update':
      return update(event.ResourceProperties, event.OldResourceProperties, environment, apis);
    case 'Delete':
      await reset(event.PhysicalResourceId, event.LogicalResourceId, event.ResourceProperties, apis);
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
 */
async function reset(physicalId: string, logicalId: string, properties: unknown, apis: InstanceApis): Promise<void> {
  // The handler returns an instance id, never an ARN; the framework's `CREATE_FAILED` marker is none.
  if (!isInstanceId(physicalId)) {
    // A failed Create answers with a physical id of the provider framework's making: nothing was put.
    logger.warn('Physical id is not an instance id; nothing to reset', { physicalId });
    return;
  }
  const connectInstanceId = physicalId;
  if (parseRemovalPolicy(properties) === 'Retain') {
    logger.info('Removal policy is Retain; the instance keeps its limits', { connectInstanceId });
    return;
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
    return;
  }
  try {
    await apis.instances.putLimits(connectInstanceId, NO_INSTANCE_LIMITS);
    logger.info('Reset the instance to no communication limits', { connectInstanceId });
  } catch (error) {
    if (!(error instanceof InstanceNotFoundError)) throw error;
    logger.warn('Instance no longer exists; nothing to reset', { connectInstanceId });
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
