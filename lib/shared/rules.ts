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
  /** `InstanceId` (Put/GetInstanceCommunicationLimits' `connectInstanceId`): 1..256 characters of this pattern. */
  connectInstanceId: { minLength: 1, maxLength: 256, pattern: /^[-_.a-zA-Z0-9]+$/ },
  /**
   * An instance's limits: 1 or 2. The model allows 0 to 2; an instance resource with none would say nothing (a Delete
   * with `RemovalPolicy.DESTROY` is how the limits are taken away).
   */
  instanceCommunicationLimits: { min: 1, max: 2 },
} as const;

/** What to do with the override when the resource is deleted. */
export const REMOVAL_POLICIES = ['Destroy', 'Retain'] as const;
export type RemovalPolicyValue = (typeof REMOVAL_POLICIES)[number];

/**
 * A value that breaks a rule. Every message has one shape, `<field> must be <expected>; got <the value as given>`
 * (the construct puts its path in front): the value slot holds the value and nothing else.
 */
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

/** Every problem of one resource, reported together: one line per problem, each of the one shape. */
export class InvalidPropertiesError extends Error {
  public override readonly name = 'InvalidPropertiesError';
  /**
   * Each problem, as its own error. Not enumerable: the message already says them all, and Node prints an error's
   * enumerable properties after it (each problem again, with its stack), which buries the message in a synth's output.
   */
  declare public readonly problems: readonly InvalidPropertyError[];

  constructor(
    problems: readonly InvalidPropertyError[],
    /** Put in front of each line: the construct's path, say. */
    prefix = '',
  ) {
    super(problems.map((problem) => `${prefix}${problem.message}`).join('\n'));
    Object.defineProperty(this, 'problems', { value: problems, enumerable: false });
  }
}

/**
 * Runs checks and keeps going past a failed one, so that all the problems of one resource are found at once.
 * `check` returns the checked value, or undefined when the rule failed (the failure is recorded).
 */
export class Problems {
  private readonly found: InvalidPropertyError[] = [];

  public check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof InvalidPropertyError)) throw error;
      this.found.push(error);
      return undefined;
    }
  }

  public get list(): readonly InvalidPropertyError[] {
    return [...this.found];
  }

  /** Records a problem found without a rule function. */
  public add(problem: InvalidPropertyError | undefined): void {
    if (problem) this.found.push(problem);
  }

  /** Throws an `InvalidPropertiesError` listing every problem found, if there is one; `prefix` starts each line. */
  public throwIfAny(prefix = ''): void {
    if (this.found.length > 0) throw new InvalidPropertiesError(this.found, prefix);
  }
}

/** Strings longer than this are shortened in a message, and their length is said. */
const SHOWN_STRING_LENGTH = 160;

/**
 * Renders a value for an error message: strings quoted, so that `"7 "` and `7` read differently; NaN and the
 * infinities as JavaScript writes them (JSON would say null); a long string shortened, with its length.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string') {
    if (value.length <= SHOWN_STRING_LENGTH) return JSON.stringify(value);
    return `${JSON.stringify(`${value.slice(0, SHOWN_STRING_LENGTH - 3)}...`)} (${value.length} characters)`;
  }
  // undefined for a function or a symbol, whatever the lib's type says
  const json = JSON.stringify(value) as string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only a function or a symbol gets here
  return json === undefined ? String(value) : json;
}

/** `2147483647` as `2,147,483,647`. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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
  // The upper bound is the model's 32-bit integer.
  const { min, max } = CONSTRAINTS.maxCountPerRecipient;
  return integerIn(field, value, CONSTRAINTS.maxCountPerRecipient, `an integer from ${min} to ${formatCount(max)}`);
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
  if (typeof value !== 'string') throw new InvalidPropertyError(field, value, 'a campaign id (a string)');
  if (value.length < minLength || value.length > maxLength) {
    throw new InvalidPropertyError(field, value, `${minLength} to ${maxLength} characters long`);
  }
  if (!pattern.test(value)) {
    throw new InvalidPropertyError(field, value, `a campaign id made of a-z, A-Z, 0-9, '-', ':' and '/'`);
  }
  return value;
}

/** An Amazon Connect instance id (not an ARN: see instance-arn.ts for a value that may be either). */
export function checkConnectInstanceId(field: string, value: unknown): string {
  const { minLength, maxLength, pattern } = CONSTRAINTS.connectInstanceId;
  if (typeof value !== 'string') throw new InvalidPropertyError(field, value, 'an instance id (a string)');
  if (value.length < minLength || value.length > maxLength) {
    throw new InvalidPropertyError(field, value, `${minLength} to ${maxLength} characters long`);
  }
  if (!pattern.test(value)) {
    throw new InvalidPropertyError(field, value, `an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'`);
  }
  return value;
}

/** An instance's limits: 1 or 2; the field named is `<field>.length`, the value the count. */
export function checkInstanceLimitCount(field: string, count: number): void {
  const { min, max } = CONSTRAINTS.instanceCommunicationLimits;
  if (count < min || count > max) throw new InvalidPropertyError(`${field}.length`, count, `${min} or ${max}`);
}

/** At most `CONSTRAINTS.maxCommunicationLimits` limits; the field named is `<field>.length`, the value the count. */
export function checkCommunicationLimitCount(field: string, count: number): void {
  const max = CONSTRAINTS.maxCommunicationLimits;
  if (count > max) throw new InvalidPropertyError(`${field}.length`, count, `at most ${max}`);
}

/**
 * The override must say something: at least one limit, or how to handle the instance's limits. `limits` is the
 * list as given (undefined when omitted), which the message quotes.
 */
export function checkSomethingToApply(limits: readonly unknown[] | undefined, instanceLimitsHandling: unknown): void {
  if ((limits ?? []).length === 0 && instanceLimitsHandling === undefined) {
    throw new InvalidPropertyError(
      'communicationLimits',
      limits,
      `1 to ${CONSTRAINTS.maxCommunicationLimits} limits when instanceLimitsHandling is not given`,
    );
  }
}
