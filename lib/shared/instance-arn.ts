/**
 * An Amazon Connect instance is named by its id or by its ARN (what the console shows, and what
 * `CfnInstance.attrArn` / `instanceRef.instanceArn` gives). The id goes to the Connect Campaigns API and is the
 * physical id. Used by the construct at synth time, on a literal value, and by the handler at deploy time, on the
 * value CloudFormation delivers (a parameter may hold either).
 *
 * This module must not import aws-cdk-lib: it is bundled into the handler.
 */
import { checkArnEnvironment, Environment, isArn } from './campaign-arn';
import { checkConnectInstanceId, InvalidPropertyError } from './rules';

/** `arn:<partition>:connect:<region>:<account>:instance/<id>` (Service Authorization Reference, Amazon Connect). */
export const INSTANCE_ARN_FORMAT = 'arn:<partition>:connect:<region>:<account>:instance/<id>';
const SERVICE = 'connect';
const RESOURCE_PREFIX = 'instance/';

/**
 * The instance id a value names, by id or by ARN. An ARN must be of the given environment (where it is known): the
 * handler calls Connect Campaigns in its own account and region.
 */
export function resolveConnectInstance(field: string, value: unknown, environment: Environment = {}): string {
  if (!isArn(value)) return checkConnectInstanceId(field, value);
  const [prefix, partition, service, region, account, ...rest] = value.split(':');
  const resource = rest.join(':');
  const id = resource.slice(RESOURCE_PREFIX.length);
  const valid =
    prefix === 'arn' &&
    !!partition &&
    service === SERVICE &&
    !!region &&
    !!account &&
    resource.startsWith(RESOURCE_PREFIX) &&
    isInstanceId(id);
  if (!valid)
    throw new InvalidPropertyError(field, value, `an instance id or an instance ARN (${INSTANCE_ARN_FORMAT})`);
  checkArnEnvironment(field, value, { partition, account, region }, environment, 'an instance');
  return id;
}

/** Whether a value is an instance id (never an ARN). */
export function isInstanceId(value: string): boolean {
  try {
    checkConnectInstanceId('connectInstanceId', value);
    return true;
  } catch {
    return false;
  }
}
