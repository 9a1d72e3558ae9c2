/**
 * The values Connect allows for the two enumerations of a communication limits override, defined once: the
 * construct's public enums are these, and the validation rules (`rules.ts`) derive their allowed values from them.
 *
 * This module must not import aws-cdk-lib: it is bundled into the handler.
 */

/** The time unit of a communication limit's frequency (Connect's `CommunicationLimitTimeUnit`). */
export enum CommunicationLimitTimeUnit {
  /** Days: the only unit Connect supports. */
  DAY = 'DAY',
}

/** Whether the campaign also honours the communication limits set on its Amazon Connect instance. */
export enum InstanceLimitsHandling {
  /** The campaign honours the instance's limits as well as its own. */
  OPT_IN = 'OPT_IN',
  /** The campaign ignores the instance's limits. */
  OPT_OUT = 'OPT_OUT',
}
