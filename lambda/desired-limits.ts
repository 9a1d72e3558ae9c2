/**
 * Turns the properties CloudFormation delivers (every value a string) into the override to apply, with the same
 * rules the construct checks at synth time, and compares overrides.
 */
import type { CommunicationLimit, CommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';
import type { CommunicationLimitProperties, CommunicationLimitsResourceProperties } from '../lib/shared/contract';
import { Environment, resolveCampaign } from '../lib/shared/campaign-arn';
import {
  checkCommunicationLimitCount,
  checkFrequency,
  checkInstanceLimitsHandling,
  checkMaxCountPerRecipient,
  checkRemovalPolicy,
  checkSomethingToApply,
  checkUnit,
  InvalidPropertyError,
  Problems,
  RemovalPolicyValue,
} from '../lib/shared/rules';

/** A validated resource: which campaign, what override, and what a Delete does. */
export interface DesiredLimits {
  readonly campaignId: string;
  readonly override: CommunicationLimitsConfig;
  readonly removalPolicy: RemovalPolicyValue;
}

/**
 * Parses and validates the resource properties. Throws `InvalidPropertiesError` listing every bad field, before
 * anything is written. Field names are the construct's prop names, which is what the user wrote. The campaign may
 * be given by id or by ARN (a parameter may hold either); an ARN must be of the stack's `environment`, and the
 * result holds the id, which is what the API takes and the physical id.
 */
export function parseDesiredLimits(properties: unknown, environment: Environment = {}): DesiredLimits {
  const props = (isObject(properties) ? properties : {}) as Partial<
    Record<keyof CommunicationLimitsResourceProperties, unknown>
  >;
  const problems = new Problems();
  const campaign = problems.check(() => resolveCampaign('campaignId', props.CampaignId, environment));
  const given = props.CommunicationLimits;
  const rawLimits = problems.check(() => limitList(given)) ?? [];
  problems.check(() => checkCommunicationLimitCount('communicationLimits', rawLimits.length));
  const limits = rawLimits.map((limit, index) => parseLimit(limit, index, problems));
  const instanceLimitsHandling =
    props.InstanceLimitsHandling === undefined
      ? undefined
      : problems.check(() => checkInstanceLimitsHandling('instanceLimitsHandling', props.InstanceLimitsHandling));
  if (props.InstanceLimitsHandling === undefined || instanceLimitsHandling !== undefined) {
    problems.check(() => checkSomethingToApply(Array.isArray(given) ? given : undefined, instanceLimitsHandling));
  }
  const removalPolicy = problems.check(() => checkRemovalPolicy('removalPolicy', props.RemovalPolicy));
  problems.throwIfAny();
  const list = limits as CommunicationLimit[];
  return {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- no problem found: every value is checked
    campaignId: campaign!.campaignId,
    override: {
      ...(list.length > 0 ? { allChannelSubtypes: { communicationLimitsList: list } } : {}),
      ...(instanceLimitsHandling ? { instanceLimitsHandling } : {}),
    },
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- no problem found: every value is checked
    removalPolicy: removalPolicy!,
  };
}

function limitList(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidPropertyError('communicationLimits', value, 'a list of limits');
  return value as unknown[];
}

/** Reads only what a Delete needs, so that a Delete never fails on a field it does not use. */
export function parseRemovalPolicy(properties: unknown): RemovalPolicyValue {
  const value = isObject(properties) ? properties.RemovalPolicy : undefined;
  return checkRemovalPolicy('removalPolicy', value);
}

/** One limit as CloudFormation delivers it (strings), each problem recorded in `problems`. */
export function parseLimit(value: unknown, index: number, problems: Problems): CommunicationLimit | undefined {
  const field = `communicationLimits[${index}]`;
  if (!isObject(value)) {
    problems.add(new InvalidPropertyError(field, value, 'a limit object'));
    return undefined;
  }
  const raw = value as Partial<Record<keyof CommunicationLimitProperties<string>, unknown>>;
  const maxCountPerRecipient = problems.check(() =>
    checkMaxCountPerRecipient(`${field}.maxCountPerRecipient`, raw.MaxCountPerRecipient),
  );
  const frequency = problems.check(() => checkFrequency(`${field}.frequency`, raw.Frequency));
  const unit = problems.check(() => checkUnit(`${field}.unit`, raw.Unit));
  return { maxCountPerRecipient, frequency, unit };
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

/** Whether two configurations hold the same limits, in any order. */
export function sameLimitList(
  a: Pick<CommunicationLimitsConfig, 'allChannelSubtypes'> | undefined,
  b: Pick<CommunicationLimitsConfig, 'allChannelSubtypes'>,
): boolean {
  return limitKeys(a).join() === limitKeys(b).join();
}

function limitKeys(config: Pick<CommunicationLimitsConfig, 'allChannelSubtypes'> | undefined): string[] {
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
