/**
 * What each CloudFormation request does to the campaign. The provider framework answers CloudFormation with what
 * these functions return, or with FAILED and the message of what they throw.
 */
import { InvalidCampaignStateException } from '@aws-sdk/client-connectcampaignsv2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ATTRIBUTES } from '../lib/shared/contract';
import { checkCampaignId, InvalidPropertyError } from '../lib/shared/rules';
import type { CampaignApi } from './campaign-api';
import {
  DesiredLimits,
  overrideMatches,
  parseDesiredLimits,
  parseRemovalPolicy,
  sameDesiredLimits,
} from './desired-limits';
import { CampaignNotFoundError, CampaignNotInitializedError } from './errors';
import { logger } from './logger';

/** The provider framework's response: the physical id is the campaign id. */
export interface LifecycleResult {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

export async function handleEvent(
  event: CloudFormationCustomResourceEvent,
  api: CampaignApi,
): Promise<LifecycleResult> {
  switch (event.RequestType) {
    case 'Create':
      return apply(parseDesiredLimits(event.ResourceProperties), api);
    case 'Update': {
      const desired = parseDesiredLimits(event.ResourceProperties);
      const previous = tryParse(event.OldResourceProperties);
      if (previous && sameDesiredLimits(previous, desired) && event.PhysicalResourceId === desired.campaignId) {
        // Only the removal policy (or nothing the API sees) changed: the campaign already got these limits.
        logger.info('Limits unchanged; no call to the service', { campaignId: desired.campaignId });
        return result(desired.campaignId);
      }
      // A new campaign id returns a new physical id: CloudFormation then deletes the old one, removing its override.
      return apply(desired, api);
    }
    case 'Delete':
      await remove(event.PhysicalResourceId, event.ResourceProperties, api);
      return {};
  }
}

/**
 * Applies the override. Connect refuses any write unless the campaign is Initialized; then the request still
 * succeeds if the campaign already has what is asked (a rollback Update asks exactly that), and fails otherwise.
 */
async function apply(desired: DesiredLimits, api: CampaignApi): Promise<LifecycleResult> {
  const { campaignId, override } = desired;
  try {
    await api.updateLimits(campaignId, override);
    logger.info('Applied communication limits', { campaignId, override });
  } catch (error) {
    if (!(error instanceof InvalidCampaignStateException)) throw error;
    const state = error.state ?? 'not Initialized';
    const current = await api.describeOverride(campaignId);
    if (!overrideMatches(current, override)) throw new CampaignNotInitializedError(campaignId, state);
    logger.info('Campaign is no longer Initialized but already has the requested limits', { campaignId, state });
  }
  return result(campaignId);
}

/** Removes the override, unless retained. Succeeds whenever there is nothing left that it could remove. */
async function remove(physicalId: string, properties: unknown, api: CampaignApi): Promise<void> {
  if (!isCampaignId(physicalId)) {
    logger.warn('Physical id is not a campaign id; nothing to remove', { physicalId });
    return;
  }
  const campaignId = physicalId;
  if (parseRemovalPolicy(properties) === 'Retain') {
    logger.info('Removal policy is Retain; the override stays on the campaign', { campaignId });
    return;
  }
  try {
    await api.deleteLimits(campaignId);
    logger.info('Removed communication limits', { campaignId });
  } catch (error) {
    if (error instanceof CampaignNotFoundError) {
      logger.warn('Campaign no longer exists; nothing to remove', { campaignId });
    } else if (error instanceof InvalidCampaignStateException) {
      logger.warn('Campaign is no longer Initialized, so its override can no longer be removed; left in place', {
        campaignId,
        state: error.state,
      });
    } else {
      throw error;
    }
  }
}

function result(campaignId: string): LifecycleResult {
  return { PhysicalResourceId: campaignId, Data: { [ATTRIBUTES.campaignId]: campaignId } };
}

function tryParse(properties: unknown): DesiredLimits | undefined {
  try {
    return parseDesiredLimits(properties);
  } catch (error) {
    if (error instanceof InvalidPropertyError) return undefined;
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
