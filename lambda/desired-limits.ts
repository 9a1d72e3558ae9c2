/**
 * Turns the properties CloudFormation delivers (every value a string) into the override to apply, with the same
 * rules the construct checks at synth time, and compares overrides.
 */
import type { CommunicationLimit, CommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';
import type { CommunicationLimitProperties, CommunicationLimitsResourceProperties } from '../lib/shared/contract';
import {
  checkCampaignId,
  checkCommunicationLimitCount,
  checkFrequency,
  checkInstanceLimitsHandling,
  checkMaxCountPerRecipient,
  checkRemovalPolicy,
  checkSomethingToApply,
  checkUnit,
  InvalidPropertyError,
  RemovalPolicyValue,
} from '../lib/shared/rules';

/** A validated resource: which campaign, what override, and what a Delete does. */
export interface DesiredLimits {
  readonly campaignId: string;
  readonly override: CommunicationLimitsConfig;
  readonly removalPolicy: RemovalPolicyValue;
}

/**
 * Parses and validates the resource properties. Throws `InvalidPropertyError` naming the first bad field, before
 * anything is written. Field names are the construct's prop names, which is what the user wrote.
 */
export function parseDesiredLimits(properties: unknown): DesiredLimits {
  const props = (isObject(properties) ? properties : {}) as Partial<
    Record<keyof CommunicationLimitsResourceProperties, unknown>
  >;
  const campaignId = checkCampaignId('campaignId', props.CampaignId);
  const rawLimits = props.CommunicationLimits ?? [];
  if (!Array.isArray(rawLimits)) {
    throw new InvalidPropertyError('communicationLimits', rawLimits, 'a list of limits');
  }
  checkCommunicationLimitCount('communicationLimits', rawLimits.length);
  const limits = rawLimits.map(parseLimit);
  const instanceLimitsHandling =
    props.InstanceLimitsHandling === undefined
      ? undefined
      : checkInstanceLimitsHandling('instanceLimitsHandling', props.InstanceLimitsHandling);
  checkSomethingToApply(limits.length, instanceLimitsHandling);
  return {
    campaignId,
    override: {
      ...(limits.length > 0 ? { allChannelSubtypes: { communicationLimitsList: limits } } : {}),
      ...(instanceLimitsHandling ? { instanceLimitsHandling } : {}),
    },
    removalPolicy: checkRemovalPolicy('removalPolicy', props.RemovalPolicy),
  };
}

/** Reads only what a Delete needs, so that a Delete never fails on a field it does not use. */
export function parseRemovalPolicy(properties: unknown): RemovalPolicyValue {
  const value = isObject(properties) ? properties.RemovalPolicy : undefined;
  return checkRemovalPolicy('removalPolicy', value);
}

function parseLimit(value: unknown, index: number): CommunicationLimit {
  const field = `communicationLimits[${index}]`;
  if (!isObject(value)) throw new InvalidPropertyError(field, value, 'a limit object');
  const raw = value as Partial<Record<keyof CommunicationLimitProperties<string>, unknown>>;
  return {
    maxCountPerRecipient: checkMaxCountPerRecipient(`${field}.maxCountPerRecipient`, raw.MaxCountPerRecipient),
    frequency: checkFrequency(`${field}.frequency`, raw.Frequency),
    unit: checkUnit(`${field}.unit`, raw.Unit),
  };
}

/**
 * Whether the campaign's current override already is the desired one. The order of the limits does not matter.
 * An `instanceLimitsHandling` the desired override leaves unset matches any current value, because the service's
 * default for it is not documented.
 */
export function overrideMatches(
  current: CommunicationLimitsConfig | undefined,
  desired: CommunicationLimitsConfig,
): boolean {
  const handlingMatches =
    desired.instanceLimitsHandling === undefined || current?.instanceLimitsHandling === desired.instanceLimitsHandling;
  return handlingMatches && sameLimitList(current, desired);
}

function sameLimitList(a: CommunicationLimitsConfig | undefined, b: CommunicationLimitsConfig): boolean {
  return limitKeys(a).join() === limitKeys(b).join();
}

function limitKeys(config: CommunicationLimitsConfig | undefined): string[] {
  const list = config?.allChannelSubtypes?.communicationLimitsList ?? [];
  return list.map((l) => `${l.maxCountPerRecipient}/${l.frequency}/${l.unit}`).sort();
}

/** Whether two overrides are the same request: used to skip an Update that changes nothing. */
export function sameDesiredLimits(a: DesiredLimits, b: DesiredLimits): boolean {
  return (
    a.campaignId === b.campaignId &&
    a.override.instanceLimitsHandling === b.override.instanceLimitsHandling &&
    sameLimitList(a.override, b.override)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
