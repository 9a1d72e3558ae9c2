/**
 * The owner tags of a campaign (lambda/ownership.ts): which owner a campaign's tags name, the tags that name an
 * owner, and when two owners are the same.
 */
import { OWNER_RESOURCE_TAG, OWNER_STACK_TAG, ownerOf, ownerTags, sameOwner } from '../../lambda/ownership';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d';
const OTHER_STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/0a1b2c3d';

describe('ownerOf', () => {
  test('the stack and the resource the two tags name', () => {
    expect(ownerOf({ [OWNER_STACK_TAG]: STACK, [OWNER_RESOURCE_TAG]: 'Limits', team: 'outreach' })).toEqual({
      stackId: STACK,
      logicalId: 'Limits',
    });
  });

  test('a stack tag without the resource tag: an owner with no logical id', () => {
    expect(ownerOf({ [OWNER_STACK_TAG]: STACK })).toEqual({ stackId: STACK, logicalId: '' });
  });

  test.each([
    ['no tags', undefined],
    ['no owner tags', { team: 'outreach' }],
    ['the resource tag alone', { [OWNER_RESOURCE_TAG]: 'Limits' }],
    ['an empty stack tag', { [OWNER_STACK_TAG]: '', [OWNER_RESOURCE_TAG]: 'Limits' }],
  ])('%s: no owner', (_what, tags) => {
    expect(ownerOf(tags)).toBeUndefined();
  });
});

test('ownerTags names the stack and the resource, under the keys ownerOf reads', () => {
  const tags = ownerTags({ stackId: STACK, logicalId: 'Limits' });
  expect(tags).toEqual({
    'cdk-connect-campaign-limits:stack': STACK,
    'cdk-connect-campaign-limits:resource': 'Limits',
  });
  expect(ownerOf(tags)).toEqual({ stackId: STACK, logicalId: 'Limits' });
});

describe('sameOwner', () => {
  const me = { stackId: STACK, logicalId: 'Limits' };

  test('the same stack and resource', () => {
    expect(sameOwner({ ...me }, me)).toBe(true);
  });

  test.each([
    ['no owner', undefined],
    ['another resource of the same stack', { stackId: STACK, logicalId: 'Renamed' }],
    ['the same logical id in another stack', { stackId: OTHER_STACK, logicalId: 'Limits' }],
  ])('%s is another owner', (_what, owner) => {
    expect(sameOwner(owner, me)).toBe(false);
  });
});
