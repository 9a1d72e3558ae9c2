/**
 * A campaign is named by its id or by its ARN (what the console shows, and what `CfnCampaign.ref` gives). The id goes
 * to the Connect API, the ARN to IAM. Used by the construct at synth time, on a literal value, and by the handler at
 * deploy time, on the value CloudFormation delivers (a parameter may hold either).
 *
 * This module must not import aws-cdk-lib: it is bundled into the handler.
 */
import { checkCampaignId, InvalidPropertyError } from './rules';

/** `arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>` (Service Authorization Reference). */
export const CAMPAIGN_ARN_FORMAT = 'arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>';
const SERVICE = 'connect-campaigns';
const RESOURCE_PREFIX = 'campaign/';

/** The parts of a campaign ARN. */
export interface CampaignArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly campaignId: string;
}

/** Where a campaign must be: the stack's partition, account and region, each when it is known. */
export interface Environment {
  readonly partition?: string;
  readonly account?: string;
  readonly region?: string;
}

/** A campaign given by id or ARN: its id, and the ARN's parts when it was given as an ARN. */
export interface CampaignReference {
  readonly campaignId: string;
  readonly arn?: CampaignArn;
}

/** Whether a value is written as an ARN (a campaign id never starts with `arn:` in practice). */
export function isArn(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('arn:');
}

/** Splits a campaign ARN; anything else that starts with `arn:` (another service, another resource type) is rejected. */
export function parseCampaignArn(field: string, value: string): CampaignArn {
  const [prefix, partition, service, region, account, ...rest] = value.split(':');
  const resource = rest.join(':');
  const valid =
    prefix === 'arn' &&
    !!partition &&
    service === SERVICE &&
    !!region &&
    !!account &&
    resource.startsWith(RESOURCE_PREFIX) &&
    isCampaignId(resource.slice(RESOURCE_PREFIX.length));
  if (!valid) throw new InvalidPropertyError(field, value, `a campaign id or a campaign ARN (${CAMPAIGN_ARN_FORMAT})`);
  return { partition, region, account, campaignId: resource.slice(RESOURCE_PREFIX.length) };
}

/**
 * The campaign a value names, by id or by ARN. An ARN must be of the given environment (where it is known): a
 * campaign of another account or region cannot be reached by the handler, which calls Connect in its own.
 */
export function resolveCampaign(field: string, value: unknown, environment: Environment = {}): CampaignReference {
  if (!isArn(value)) return { campaignId: checkCampaignId(field, value) };
  const arn = parseCampaignArn(field, value);
  checkArnEnvironment(field, value, arn, environment, 'a campaign');
  return { campaignId: arn.campaignId, arn };
}

/**
 * An ARN's partition, account and region must be those of the environment, each where it is known: the handler calls
 * Connect in its own, with a policy that names the ARN.
 */
export function checkArnEnvironment(
  field: string,
  value: string,
  arn: Environment,
  environment: Environment,
  what: string,
): void {
  const parts = (['partition', 'account', 'region'] as const).filter((part) => environment[part] !== undefined);
  const differs = (part: (typeof parts)[number]) => arn[part] !== environment[part];
  if (!parts.some(differs)) return;
  // The account and region as they are known; the partition (which the region implies) only when it differs.
  const named = parts.filter((part) => part !== 'partition' || differs(part)).map((p) => `${p} ${environment[p]}`);
  const where = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0];
  throw new InvalidPropertyError(field, value, `the ARN of ${what} in the stack's ${where}`);
}

/** Whether every part of the environment is known (else an ARN can be checked only where it is). */
export function isKnownEnvironment(environment: Environment): boolean {
  return environment.partition !== undefined && environment.account !== undefined && environment.region !== undefined;
}

/** The partition, account and region of an ARN (for the handler: of its stack's id). */
export function environmentOf(arn: string): Environment {
  const [, partition, , region, account] = arn.split(':');
  return { ...(partition ? { partition } : {}), ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

function isCampaignId(value: string): boolean {
  try {
    checkCampaignId('campaignId', value);
    return true;
  } catch {
    return false;
  }
}
