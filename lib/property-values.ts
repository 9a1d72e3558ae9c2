/**
 * The property values that both constructs write into their custom resource: the target's id, the limit list and the
 * removal policy, each checked at synth time with the handler's own rules (tokens are left for the handler to check at deploy time),
 * every problem recorded in `problems`.
 */
import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { environmentOfStack } from './claims';
import { Environment, isArn, isKnownEnvironment } from './shared/campaign-arn';
import type { CommunicationLimit } from './campaign-communication-limits';
import type { CommunicationLimitProperties } from './shared/contract';
import { CommunicationLimitTimeUnit } from './shared/enums';
import {
  checkFrequency,
  checkMaxCountPerRecipient,
  checkUnit,
  InvalidPropertyError,
  Problems,
  RemovalPolicyValue,
} from './shared/rules';

/** The limits as the custom resource's properties, each value that is not a token checked. */
export function toLimitProperties(
  limits: readonly CommunicationLimit[],
  problems: Problems,
): CommunicationLimitProperties<number>[] {
  // A token is checked by the handler at deploy time; anything else (a missing value too) is checked now.
  const known = (value: unknown): boolean => !Token.isUnresolved(value);
  return limits.map((limit, index) => {
    const field = `communicationLimits[${index}]`;
    const unit = limit.unit ?? CommunicationLimitTimeUnit.DAY;
    if (known(limit.maxCountPerRecipient)) {
      problems.check(() => checkMaxCountPerRecipient(`${field}.maxCountPerRecipient`, limit.maxCountPerRecipient));
    }
    if (known(limit.frequency)) problems.check(() => checkFrequency(`${field}.frequency`, limit.frequency));
    if (known(unit)) problems.check(() => checkUnit(`${field}.unit`, unit));
    return { MaxCountPerRecipient: limit.maxCountPerRecipient, Frequency: limit.frequency, Unit: unit };
  });
}

/**
 * The removal policy is a property that the handler reads, not the custom resource's CloudFormation `DeletionPolicy`
 * (which stays `Delete`). CloudFormation then sends every Delete and the handler decides: a replacement's cleanup
 * Delete, a rollback's Delete and the stack's own Delete all reach it, so it can tell them apart (another resource of
 * the stack may hold the target now) and always answer; and a change between the two reads in `cdk diff` as a
 * change of this resource's property.
 */
export function removalPolicyValue(policy: RemovalPolicy | undefined): RemovalPolicyValue {
  switch (policy ?? RemovalPolicy.DESTROY) {
    case RemovalPolicy.DESTROY:
      return 'Destroy';
    case RemovalPolicy.RETAIN:
      return 'Retain';
    default:
      throw new InvalidPropertyError('removalPolicy', policy, 'RemovalPolicy.DESTROY or RemovalPolicy.RETAIN');
  }
}

/**
 * The stack's partition, account and region as far as they are known at synth time: the partition is the one of a
 * known region (aws-cdk-lib's region facts), as `Stack.partition` is always a token.
 */
export function stackEnvironment(stack: Stack): Environment {
  const { account, region } = environmentOfStack(stack);
  const partition = region === undefined ? undefined : RegionInfo.get(region).partition;
  return { ...(partition ? { partition } : {}), ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/**
 * The target's id property for a literal id or ARN (already checked against what is known of the environment): the
 * id; but the ARN itself when the stack's partition, account or region is not known at synth time (an
 * environment-agnostic stack), so that the handler checks the ARN against its stack's at deploy time, before any
 * call, as it does an ARN in a parameter. Else a campaign of another region would be reduced to its id and looked
 * for in the stack's region, under a policy that names the other.
 */
export function targetIdValue(given: string, id: string, environment: Environment): string {
  return isArn(given) && !isKnownEnvironment(environment) ? given : id;
}
