/**
 * The property values that both constructs write into their custom resource: the limit list and the removal policy,
 * each checked at synth time with the handler's own rules (tokens are left for the handler to check at deploy time),
 * every problem recorded in `problems`.
 */
import { RemovalPolicy, Token } from 'aws-cdk-lib';
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
