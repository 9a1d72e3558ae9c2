/**
 * Which stack manages a campaign's limits, recorded on the campaign as two tags, so that a second stack cannot
 * silently take over (and later delete) what the first one declares. An operator sees them in the console.
 *
 * Connect's limits (service model): a tag key is 1..128 characters of `^(?!aws:)[a-zA-Z+-=._:/]+$`, a value 0..256
 * characters. A stack id (an ARN, at most about 230 characters) and a logical id (at most 255) each fit in a value;
 * together they would not, hence two tags.
 */
export const OWNER_STACK_TAG = 'cdk-connect-campaign-limits:stack';
export const OWNER_RESOURCE_TAG = 'cdk-connect-campaign-limits:resource';
export const OWNER_TAG_KEYS = [OWNER_STACK_TAG, OWNER_RESOURCE_TAG] as const;

/** The stack, and the resource in it, that manage a campaign's limits. */
export interface Owner {
  readonly stackId: string;
  readonly logicalId: string;
}

/** The owner the campaign's tags name, if any. */
export function ownerOf(tags: Readonly<Record<string, string>> | undefined): Owner | undefined {
  const stackId = tags?.[OWNER_STACK_TAG];
  if (!stackId) return undefined;
  return { stackId, logicalId: tags[OWNER_RESOURCE_TAG] ?? '' };
}

/** The tags that name `owner`. */
export function ownerTags(owner: Owner): Record<string, string> {
  return { [OWNER_STACK_TAG]: owner.stackId, [OWNER_RESOURCE_TAG]: owner.logicalId };
}

export function sameOwner(a: Owner | undefined, b: Owner): boolean {
  return a?.stackId === b.stackId && a.logicalId === b.logicalId;
}
