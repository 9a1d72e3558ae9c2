/**
 * The validation rules for communication limits, used twice: by the construct at synth time (on every value that
 * is not a token) and by the Lambda handler at deploy time (on the values CloudFormation delivers, all of them
 * strings). One module, so that the two can never disagree.
 *
 * This module must not import aws-cdk-lib: it is bundled into the handler.
 */
import { CommunicationLimitTimeUnit, InstanceLimitsHandling } from './enums';

/** Constraints of the Connect Campaigns V2 service model (API version 2024-04-23). */
export const CONSTRAINTS = {
  /** `CommunicationLimits.communicationLimitsList`: at most 2 entries. */
  maxCommunicationLimits: 2,
  /** `CommunicationLimit.frequency`: days, 1..30. */
  frequency: { min: 1, max: 30 },
  /** `CommunicationLimit.maxCountPerRecipient`: >= 1 (a 32-bit integer in the model). */
  maxCountPerRecipient: { min: 1, max: 2_147_483_647 },
  /** `CommunicationLimitTimeUnit`. */
  units: Object.values(CommunicationLimitTimeUnit),
  /** `InstanceLimitsHandling`. */
  instanceLimitsHandling: Object.values(InstanceLimitsHandling),
  /** `CampaignId`: 1..256 characters of this pattern. */
  campaignId: { minLength: 1, maxLength: 256, pattern: /^[-:/a-zA-Z0-9]+$/ },
} as const;

/** What to do with the override when the resource is deleted. */
export const REMOVAL_POLICIES = ['Destroy', 'Retain'] as const;
export type RemovalPolicyValue = (typeof REMOVAL_POLICIES)[number];

/** A value that breaks a rule. The message names the field, the value given and what was expected. */
export class InvalidPropertyError extends Error {
  public override readonly name = 'InvalidPropertyError';

  constructor(
    public readonly field: string,
    public readonly value: unknown,
    public readonly expected: string,
  ) {
    super(`${field} must be ${expected}; got ${describeValue(value)}`);
  }
}

/** Renders a value for an error message: strings quoted, so that `"7 "` and `7` read differently. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  // undefined for a function or a symbol, whatever the lib's type says
  const json = JSON.stringify(value) as string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only a function or a symbol gets here
  return json === undefined ? String(value) : json;
}

const INTEGER_TEXT = /^-?[0-9]+$/;

/**
 * Reads an integer strictly: a JavaScript integer, or a string of decimal digits (CloudFormation delivers every
 * number as a string). `"7.0"`, `" 7"`, `"7e0"`, `""` and `true` are rejected, never coerced.
 */
function integerIn(field: string, value: unknown, range: { min: number; max: number }, expected: string): number {
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
    throw new InvalidPropertyError(field, value, expected);
  }
  return parsed;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidPropertyError(field, value, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function checkFrequency(field: string, value: unknown): number {
  const { min, max } = CONSTRAINTS.frequency;
  return integerIn(field, value, CONSTRAINTS.frequency, `an integer from ${min} to ${max}`);
}

export function checkMaxCountPerRecipient(field: string, value: unknown): number {
  // The upper bound is the model's 32-bit integer: not worth naming in the message.
  return integerIn(
    field,
    value,
    CONSTRAINTS.maxCountPerRecipient,
    `an integer >= ${CONSTRAINTS.maxCountPerRecipient.min}`,
  );
}

export function checkUnit(field: string, value: unknown): CommunicationLimitTimeUnit {
  return oneOf(field, value, CONSTRAINTS.units);
}

export function checkInstanceLimitsHandling(field: string, value: unknown): InstanceLimitsHandling {
  return oneOf(field, value, CONSTRAINTS.instanceLimitsHandling);
}

export function checkRemovalPolicy(field: string, value: unknown): RemovalPolicyValue {
  return oneOf(field, value, REMOVAL_POLICIES);
}

export function checkCampaignId(field: string, value: unknown): string {
  const { minLength, maxLength, pattern } = CONSTRAINTS.campaignId;
  if (typeof value !== 'string' || value.length < minLength || value.length > maxLength || !pattern.test(value)) {
    throw new InvalidPropertyError(
      field,
      value,
      `a campaign id of ${minLength} to ${maxLength} characters from a-z, A-Z, 0-9, '-', ':' and '/'`,
    );
  }
  return value;
}

export function checkCommunicationLimitCount(field: string, count: number): void {
  if (count > CONSTRAINTS.maxCommunicationLimits) {
    throw new InvalidPropertyError(field, `${count} limits`, `at most ${CONSTRAINTS.maxCommunicationLimits} limits`);
  }
}

/** The override must say something: at least one limit, or how to handle the instance's limits. */
export function checkSomethingToApply(limitCount: number, instanceLimitsHandling: unknown): void {
  if (limitCount === 0 && instanceLimitsHandling === undefined) {
    throw new InvalidPropertyError(
      'communicationLimits',
      'no limits and no instanceLimitsHandling',
      'at least one limit, or an instanceLimitsHandling',
    );
  }
}
