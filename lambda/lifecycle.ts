/**
 * What each CloudFormation request does to the campaign. The provider framework answers CloudFormation with what
 * these functions return, or with FAILED and the message of what they throw.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { environmentOf, Environment, resolveCampaign } from '../lib/shared/campaign-arn';
import { checkCampaignId, InvalidPropertiesError, RemovalPolicyValue } from '../lib/shared/rules';
import type { CampaignApi, CampaignDescription } from './campaign-api';
import { ATTRIBUTES, RESOURCE_TYPE } from '../lib/shared/contract';
import {
  DesiredLimits,
  overrideMatches,
  parseDesiredLimits,
  parseRemovalPolicy,
  sameDesiredLimits,
} from './desired-limits';
import {
  CampaignNotFoundError,
  CampaignNotInitializedError,
  CampaignOwnedElsewhereError,
  CampaignStateError,
} from './errors';
import { currentHolder } from './holder';
import { logger } from './logger';
import { Owner, OWNER_TAG_KEYS, ownerOf, ownerTags, sameOwner } from './ownership';
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
  /**
   * The longest a write already sent can take to land (one request's time limit, and a margin): what the Delete of a
   * cancelled create waits out before it removes the override again.
   */
  readonly inFlightMs: number;
}

/**
 * The physical id the provider framework answers a failed Create with; it answers the Delete that follows itself
 * (aws-cdk-lib custom-resources, `CREATE_FAILED_PHYSICAL_ID_MARKER`), so the handler should never see it.
 */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/**
 * The stack statuses in which a Create is still wanted. In any other the stack is rolling back or being deleted: the
 * Create was cancelled, and CloudFormation has sent (or will send) its Delete without waiting for it.
 */
const CREATING = new Set(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);

export async function handleEvent(event: CloudFormationCustomResourceEvent, apis: Apis): Promise<LifecycleResult> {
  // A campaign ARN must be of the stack's account and region: the handler calls Connect there.
  const environment = environmentOf(event.StackId);
  switch (event.RequestType) {
    case 'Create':
      return create(parseDesiredLimits(event.ResourceProperties, environment), requester(event), apis);
    case 'Update':
      return update(event.ResourceProperties, event.OldResourceProperties, environment, requester(event), apis);
    case 'Delete':
      await remove(event.PhysicalResourceId, requester(event), event.ResourceProperties, environment, apis);
      return {};
  }
}

/** The stack and resource a request comes from: the owner its writes record. */
function requester(event: CloudFormationCustomResourceEvent): Owner {
  return { stackId: event.StackId, logicalId: event.LogicalResourceId };
}

async function update(
  properties: unknown,
  oldProperties: unknown,
  environment: Environment,
  me: Owner,
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
  // The same campaign was claimed when this resource got it: an update of its limits makes one call, as ever.
  try {
    return previous?.campaignId === desired.campaignId
      ? await apply(desired, apis.campaigns)
      : await applyAsOwner(desired, me, apis);
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
 * Applies the override; then, if the stack is no longer creating (a sibling failed meanwhile, and CloudFormation
 * cancelled this Create and sent its Delete without waiting, aws/aws-cdk#26139), undoes the write, as that Delete
 * would have, so that no override is left that no stack declares. If the stack cannot be read, the write stays.
 */
async function create(desired: DesiredLimits, me: Owner, apis: Apis): Promise<LifecycleResult> {
  const created = await applyAsOwner(desired, me, apis);
  const status = await cancelledCreate(apis.stack);
  if (status === undefined) return created;
  const { campaignId } = desired;
  logger.warn('The stack is no longer creating this resource (its Create was cancelled); undoing the write', {
    campaignId,
    stackStatus: status,
  });
  await removeUnlessKept(campaignId, me, desired.removalPolicy, apis);
  return created;
}

/**
 * Applies the override to a campaign this resource takes on (a Create, or a new campaign id), unless another stack
 * manages it (its owner tags, see ownership.ts): that fails at once, before any write, naming the campaign, the
 * stack and the resource. Resources of the same stack may take it over (a construct renamed or moved, two
 * constructs swapping campaigns). After the write, the tags name this resource; a tag that cannot be written (a tag
 * policy, a missing permission) is a warning: the limits are applied, without the ownership check.
 */
async function applyAsOwner(desired: DesiredLimits, me: Owner, apis: Apis): Promise<LifecycleResult> {
  const { campaignId } = desired;
  const campaign = await apis.campaigns.describe(campaignId);
  const owner = ownerOf(campaign.tags);
  if (owner && owner.stackId !== me.stackId) {
    throw new CampaignOwnedElsewhereError(campaignId, owner.stackId, owner.logicalId);
  }
  const applied = await apply(desired, apis.campaigns);
  if (sameOwner(owner, me)) return applied;
  try {
    await apis.campaigns.tag(campaignId, campaign.arn, ownerTags(me));
  } catch (error) {
    logger.warn('Could not tag the campaign with its owner; the limits are applied without the ownership check', {
      campaignId,
      error,
    });
  }
  return applied;
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
 *
 * The physical id is the campaign id of the properties, except for a Create that CloudFormation cancelled: its Delete
 * carries a physical id of CloudFormation's own making (which may even look like a campaign id), and comes while the
 * Create may still be writing. That Delete acts on the campaign of its properties, then waits out a write in flight
 * and removes again (the Create also undoes its own write when it sees the stack rolling back; see `create`).
 */
async function remove(
  physicalId: string,
  me: Owner,
  properties: unknown,
  environment: Environment,
  apis: Apis,
): Promise<void> {
  const declared = declaredCampaignId(properties, environment);
  if (declared === undefined || declared === physicalId) {
    if (!isCampaignId(physicalId)) {
      logger.warn('Physical id is not a campaign id; nothing to remove', { physicalId });
      return;
    }
    await removeUnlessKept(physicalId, me, parseRemovalPolicy(properties), apis);
    return;
  }
  if (physicalId === CREATE_FAILED_MARKER) {
    logger.warn('The Create failed before writing; nothing to remove', { physicalId });
    return;
  }
  logger.warn("The physical id is not the campaign of the resource: CloudFormation cancelled this resource's Create", {
    physicalId,
    campaignId: declared,
  });
  const removalPolicy = parseRemovalPolicy(properties);
  await actAroundWriteInFlight(() => removeUnlessKept(declared, me, removalPolicy, apis), apis.inFlightMs);
}

/**
 * Removes the override, and the owner tags that name this resource, unless the campaign is gone, another stack
 * manages it now (a hand-over), the removal policy is Retain (the tags go, the override stays), or another resource
 * of this stack holds it. Whether the override was removed.
 */
async function removeUnlessKept(
  campaignId: string,
  me: Owner,
  removalPolicy: RemovalPolicyValue,
  apis: Apis,
): Promise<boolean> {
  let campaign: CampaignDescription;
  try {
    campaign = await apis.campaigns.describe(campaignId);
  } catch (error) {
    if (!(error instanceof CampaignNotFoundError)) throw error;
    logger.warn('Campaign no longer exists; nothing to remove', { campaignId });
    return false;
  }
  const owner = ownerOf(campaign.tags);
  if (owner && owner.stackId !== me.stackId) {
    logger.info('Another stack manages this campaign now; its limits and tags stay', { campaignId, owner });
    return false;
  }
  if (removalPolicy === 'Retain') {
    logger.info('Removal policy is Retain; the override stays on the campaign', { campaignId });
    await releaseOwnerTags(campaign, owner, me, apis.campaigns);
    return false;
  }
  const holder = await currentHolder(
    { resourceType: RESOURCE_TYPE, physicalId: campaignId, logicalId: me.logicalId },
    apis.stack,
  );
  if (holder) {
    logger.info('Another resource of the stack holds this campaign now; its override stays', { campaignId, holder });
    return false;
  }
  await deleteOverride(campaignId, apis.campaigns);
  await releaseOwnerTags(campaign, owner, me, apis.campaigns);
  return true;
}

/** Removes the owner tags if they name this resource. A failure is a warning: a Delete never fails on tags. */
async function releaseOwnerTags(
  campaign: CampaignDescription,
  owner: Owner | undefined,
  me: Owner,
  campaigns: CampaignApi,
): Promise<void> {
  if (!sameOwner(owner, me)) return;
  try {
    await campaigns.untag(campaign.id, campaign.arn, [...OWNER_TAG_KEYS]);
  } catch (error) {
    logger.warn(
      'Could not remove the owner tags from the campaign; remove them by hand before another stack takes it',
      {
        campaignId: campaign.id,
        error,
      },
    );
  }
}

/** Deletes the override; a campaign that is gone or no longer Initialized is left as it is. */
async function deleteOverride(campaignId: string, campaigns: CampaignApi): Promise<void> {
  try {
    await campaigns.deleteLimits(campaignId);
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

/**
 * After a Create's write: the stack's status if the Create is no longer wanted (the stack is rolling back or being
 * deleted: CloudFormation cancelled the Create and sent, or will send, its Delete without waiting for it), else
 * undefined (still creating, or the stack cannot be read: the write stays).
 */
export async function cancelledCreate(stack: StackApi): Promise<string | undefined> {
  const status = await stackStatus(stack);
  return status === undefined || CREATING.has(status) ? undefined : status;
}

/**
 * What the Delete of a cancelled Create does to the target its properties declare: `act` now and, if it acted (the
 * target is there, not retained, not held by another resource), again once a write the Create had already sent has
 * landed (`inFlightMs`, one request's time limit and a margin).
 */
export async function actAroundWriteInFlight(act: () => Promise<boolean>, inFlightMs: number): Promise<void> {
  if (!(await act())) return;
  await new Promise((resolve) => setTimeout(resolve, inFlightMs));
  await act();
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

/**
 * The campaign id of the properties (given by id or by ARN), or undefined if they have no valid one: a Delete never
 * fails on that.
 */
function declaredCampaignId(properties: unknown, environment: Environment): string | undefined {
  const value =
    typeof properties === 'object' && properties !== null
      ? (properties as Record<string, unknown>).CampaignId
      : undefined;
  try {
    return resolveCampaign('campaignId', value, environment).campaignId;
  } catch {
    return undefined;
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
