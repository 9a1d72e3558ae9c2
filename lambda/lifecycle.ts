/**
 * What each CloudFormation request does to the campaign. The provider framework answers CloudFormation with what
 * these functions return, or with FAILED and the message of what they throw.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { environmentOf, Environment } from '../lib/shared/campaign-arn';
import { checkCampaignId, InvalidPropertiesError } from '../lib/shared/rules';
import type { CampaignApi } from './campaign-api';
import { ATTRIBUTES, RESOURCE_TYPE } from '../lib/shared/contract';
import {
  DesiredLimits,
  overrideMatches,
  parseDesiredLimits,
  parseRemovalPolicy,
  sameDesiredLimits,
} from './desired-limits';
import { CampaignNotFoundError, CampaignNotInitializedError, CampaignStateError } from './errors';
import { currentHolder } from './holder';
import { logger } from './logger';
import type { StackApi } from './stack-api';

/** The provider framework's response: the physical id is the campaign id. */
export interface LifecycleResult {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** The services the handler talks to. */
export interface Apis {
  readonly campaigns: CampaignApi;
  /** The stack that sent the request. */
  readonly stack: StackApi;
}

export async function handleEvent(event: CloudFormationCustomResourceEvent, apis: Apis): Promise<LifecycleResult> {
  // A campaign ARN must be of the stack's account and region: the handler calls Connect there.
  const environment = environmentOf(event.StackId);
  switch (event.RequestType) {
    case 'Create':
      return apply(parseDesiredLimits(event.ResourceProperties, environment), apis.campaigns);
    case 'Update':
      return update(event.ResourceProperties, event.OldResourceProperties, environment, apis);
    case 'Delete':
      await remove(event.PhysicalResourceId, event.LogicalResourceId, event.ResourceProperties, apis);
      return {};
  }
}

async function update(
  properties: unknown,
  oldProperties: unknown,
  environment: Environment,
  apis: Apis,
): Promise<LifecycleResult> {
  const desired = parseDesiredLimits(properties, environment);
  const previous = tryParse(oldProperties, environment);
  if (previous && sameDesiredLimits(previous, desired)) {
    // Only the removal policy (or nothing the API sees) changed: the campaign already got these limits.
    logger.info('Limits unchanged; no call to the service', { campaignId: desired.campaignId });
    return result(desired.campaignId);
  }
  // A new campaign id returns a new physical id: CloudFormation then deletes the old one, removing its override.
  try {
    return await apply(desired, apis.campaigns);
  } catch (error) {
    // A rollback Update restores the previous limits. When they cannot be restored (the campaign is gone, or no
    // longer Initialized and changed meanwhile), failing would leave the stack in UPDATE_ROLLBACK_FAILED, which
    // needs manual repair: the rollback goes on and the campaign is left as it is.
    const unrestorable = error instanceof CampaignNotFoundError || error instanceof CampaignNotInitializedError;
    if (!unrestorable || (await stackStatus(apis.stack)) !== 'UPDATE_ROLLBACK_IN_PROGRESS') throw error;
    logger.warn('Rolling back, but the previous limits cannot be restored; the campaign is left as it is', {
      campaignId: desired.campaignId,
      error,
    });
    return result(desired.campaignId);
  }
}

/**
 * Applies the override. Connect refuses any write unless the campaign is Initialized; then the request still
 * succeeds if the campaign already has what is asked (a rollback Update asks exactly that), and fails otherwise.
 */
async function apply(desired: DesiredLimits, campaigns: CampaignApi): Promise<LifecycleResult> {
  const { campaignId, override } = desired;
  try {
    await campaigns.updateLimits(campaignId, override);
    logger.info('Applied communication limits', { campaignId, override });
  } catch (error) {
    if (!(error instanceof CampaignStateError)) throw error;
    const { state } = error;
    const current = await campaigns.describeOverride(campaignId);
    if (!overrideMatches(current, override)) throw new CampaignNotInitializedError(campaignId, state);
    logger.info('Campaign is no longer Initialized but already has the requested limits', { campaignId, state });
  }
  return result(campaignId);
}

/**
 * Removes the override, unless retained, or unless another resource of the stack holds the campaign now.
 * Succeeds whenever there is nothing left that it could remove.
 */
async function remove(physicalId: string, logicalId: string, properties: unknown, apis: Apis): Promise<void> {
  if (!isCampaignId(physicalId)) {
    logger.warn('Physical id is not a campaign id; nothing to remove', { physicalId });
    return;
  }
  const campaignId = physicalId;
  if (parseRemovalPolicy(properties) === 'Retain') {
    logger.info('Removal policy is Retain; the override stays on the campaign', { campaignId });
    return;
  }
  const holder = await currentHolder({ resourceType: RESOURCE_TYPE, physicalId: campaignId, logicalId }, apis.stack);
  if (holder) {
    logger.info('Another resource of the stack holds this campaign now; its override stays', { campaignId, holder });
    return;
  }
  try {
    await apis.campaigns.deleteLimits(campaignId);
    logger.info('Removed communication limits', { campaignId });
  } catch (error) {
    if (error instanceof CampaignNotFoundError) {
      logger.warn('Campaign no longer exists; nothing to remove', { campaignId });
    } else if (error instanceof CampaignStateError) {
      logger.warn('Campaign is no longer Initialized, so its override can no longer be removed; left in place', {
        campaignId,
        state: error.state,
      });
    } else {
      throw error;
    }
  }
}

/** The stack's status, or undefined if it cannot be read. */
export async function stackStatus(stack: StackApi): Promise<string | undefined> {
  try {
    return await stack.status();
  } catch (error) {
    logger.warn('Could not read the stack status', { error });
    return undefined;
  }
}

function result(campaignId: string): LifecycleResult {
  return { PhysicalResourceId: campaignId, Data: { [ATTRIBUTES.campaignId]: campaignId } };
}

function tryParse(properties: unknown, environment: Environment): DesiredLimits | undefined {
  try {
    return parseDesiredLimits(properties, environment);
  } catch (error) {
    if (error instanceof InvalidPropertiesError) return undefined;
    throw error;
  }
}

function isCampaignId(value: string): boolean {
  try {
    checkCampaignId('PhysicalResourceId', value);
    return true;
  } catch {
    return false;
  }
}
