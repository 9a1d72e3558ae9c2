/**
 * Turns the instance resource's properties as CloudFormation delivers them (every value a string) into the
 * configuration to put, with the rules the construct checks at synth time.
 */
import type { CommunicationLimit, InstanceCommunicationLimitsConfig } from '@aws-sdk/client-connectcampaignsv2';
import type { Environment } from '../lib/shared/campaign-arn';
import type { InstanceCommunicationLimitsResourceProperties } from '../lib/shared/contract';
import { resolveConnectInstance } from '../lib/shared/instance-arn';
import {
  checkInstanceLimitCount,
  checkRemovalPolicy,
  InvalidPropertyError,
  Problems,
  RemovalPolicyValue,
} from '../lib/shared/rules';
import { isObject, parseLimit, sameLimitList } from './desired-limits';

/** A validated instance resource: which instance, what limits, and what a Delete does. */
export interface DesiredInstanceLimits {
  /** The instance id (an ARN delivered by a token is reduced to it). */
  readonly connectInstanceId: string;
  readonly config: InstanceCommunicationLimitsConfig;
  readonly removalPolicy: RemovalPolicyValue;
}

/**
 * Parses and validates the properties. Throws `InvalidPropertiesError` listing every bad field, before anything is
 * written. Field names are the construct's prop names. The instance may be given by id or by ARN (a parameter may
 * hold either); an ARN must be of the stack's `environment`.
 */
export function parseDesiredInstanceLimits(properties: unknown, environment: Environment = {}): DesiredInstanceLimits {
  const props = (isObject(properties) ? properties : {}) as Partial<
    Record<keyof InstanceCommunicationLimitsResourceProperties, unknown>
  >;
  const problems = new Problems();
  const connectInstanceId = problems.check(() =>
    resolveConnectInstance('connectInstanceId', props.ConnectInstanceId, environment),
  );
  const given = props.CommunicationLimits ?? [];
  if (!Array.isArray(given)) problems.add(new InvalidPropertyError('communicationLimits', given, 'a list of limits'));
  const rawLimits = Array.isArray(given) ? (given as unknown[]) : [];
  problems.check(() => checkInstanceLimitCount('communicationLimits', rawLimits.length));
  const limits = rawLimits.map((limit, index) => parseLimit(limit, index, problems));
  const removalPolicy = problems.check(() => checkRemovalPolicy('removalPolicy', props.RemovalPolicy));
  problems.throwIfAny();
  return {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- no problem found: every value is checked
    connectInstanceId: connectInstanceId!,
    config: { allChannelSubtypes: { communicationLimitsList: limits as CommunicationLimit[] } },
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- no problem found: every value is checked
    removalPolicy: removalPolicy!,
  };
}

/** Whether two resources ask for the same thing of the service: used to skip an Update that changes nothing. */
export function sameDesiredInstanceLimits(a: DesiredInstanceLimits, b: DesiredInstanceLimits): boolean {
  return a.connectInstanceId === b.connectInstanceId && sameLimitList(a.config, b.config);
}
