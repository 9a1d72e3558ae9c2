/**
 * One campaign, two stacks (two apps, or two teams): the first stack's owner tags make the second stack's Create
 * fail at once, and the first stack's limits stay. The hand-over procedure of the README, step by step. A tag that
 * cannot be written does not stop the limits.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, CommunicationLimit } from '../../lib';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const B = 'bbbbbbbb-0000-1111-2222-333344445555';
const WEEKLY: CommunicationLimit[] = [{ maxCountPerRecipient: 3, frequency: 7 }];
const DAILY: CommunicationLimit[] = [{ maxCountPerRecipient: 1, frequency: 1 }];
const STACK_TAG = 'cdk-connect-campaign-limits:stack';
const RESOURCE_TAG = 'cdk-connect-campaign-limits:resource';

const limits = (list: CommunicationLimit[]) => ({
  allChannelSubtypes: { communicationLimitsList: list.map((l) => ({ ...l, unit: 'DAY' })) },
});
const on =
  (communicationLimits: CommunicationLimit[], id = 'Limits', extra: object = {}) =>
  (stack: Stack) => {
    new CampaignCommunicationLimits(stack, id, { campaignId: A, communicationLimits, ...extra });
  };
/** The old stack without the construct on A (a stack needs a resource: it keeps one on another campaign). */
const withoutA = (stack: Stack) => {
  new CampaignCommunicationLimits(stack, 'Other', { campaignId: B, communicationLimits: WEEKLY });
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  for (const id of [A, B]) {
    h.emulator.removeCampaign(id);
    h.emulator.addCampaign({ id });
  }
  h.emulator.clearFailNext();
});
afterEach(() => expect(h.denials()).toEqual([]));

const campaign = () => h.emulator.getCampaign(A)!;
const logicalIdOf = (stackName: string, id: string) =>
  Object.keys(h.cfn.stack(stackName)!.resources).find((logicalId) => logicalId.startsWith(id))!;

test("a second stack's Create fails at once, naming the campaign and the stack and resource that manage it", async () => {
  const first = await h.deploy('TeamOne', on(WEEKLY));
  expect(first.status).toBe('CREATE_COMPLETE');
  const owner = logicalIdOf('TeamOne', 'Limits');
  expect(campaign().tags).toEqual({ [STACK_TAG]: first.stackId, [RESOURCE_TAG]: owner });

  const second = await h.deploy('TeamTwo', on(DAILY));
  expect(second.status).toBe('ROLLBACK_COMPLETE');
  expect(second.reason).toContain(
    `Campaign ${A} already has its communication limits managed by resource ${owner} of stack ${first.stackId}`,
  );
  // The first stack's limits and tags stay, also after the second stack is gone.
  await h.destroy('TeamTwo');
  expect(campaign().communicationLimitsOverride).toEqual(limits(WEEKLY));
  expect(campaign().tags?.[STACK_TAG]).toBe(first.stackId);

  // Deleting the first stack removes its override and releases its tags.
  expect((await h.destroy('TeamOne')).status).toBe('DELETE_COMPLETE');
  expect(campaign().communicationLimitsOverride).toBeUndefined();
  expect(campaign().tags).toBeUndefined();
});

test('hand-over: RETAIN in the old stack, remove the construct there, then add it to the new stack', async () => {
  await h.deploy('OldOwner', on(WEEKLY));
  // 1. The old stack retains the limits (a change of removalPolicy only: no call to the service).
  expect((await h.deploy('OldOwner', on(WEEKLY, 'Limits', { removalPolicy: RemovalPolicy.RETAIN }))).status).toBe(
    'UPDATE_COMPLETE',
  );
  // 2. The construct leaves the old stack: the override stays, the owner tags go.
  expect((await h.deploy('OldOwner', withoutA)).status).toBe('UPDATE_COMPLETE');
  expect(campaign().communicationLimitsOverride).toEqual(limits(WEEKLY));
  expect(campaign().tags).toBeUndefined();
  // 3. The new stack takes the campaign over.
  const adopted = await h.deploy('NewOwner', on(DAILY));
  expect(adopted.status).toBe('CREATE_COMPLETE');
  expect(campaign().communicationLimitsOverride).toEqual(limits(DAILY));
  expect(campaign().tags?.[STACK_TAG]).toBe(adopted.stackId);
  await h.destroy('OldOwner');
  expect(campaign().communicationLimitsOverride).toEqual(limits(DAILY));
  await h.destroy('NewOwner');
  expect(campaign().communicationLimitsOverride).toBeUndefined();
});

test('a construct renamed within its stack is no conflict: the tags follow it', async () => {
  await h.deploy('Renaming', on(WEEKLY, 'Limits'));
  expect((await h.deploy('Renaming', on(WEEKLY, 'Renamed'))).status).toBe('UPDATE_COMPLETE');
  expect(campaign().communicationLimitsOverride).toEqual(limits(WEEKLY));
  expect(campaign().tags?.[RESOURCE_TAG]).toBe(logicalIdOf('Renaming', 'Renamed'));
  await h.destroy('Renaming');
  expect(campaign().tags).toBeUndefined();
});

test('a tag the account refuses (a tag policy) does not stop the limits: they are applied without the check', async () => {
  h.emulator.failNext({ error: 'ValidationException', operation: 'TagResource', message: 'Tag policy violation' });
  const result = await h.deploy('TagPolicy', on(WEEKLY));
  expect(result.status).toBe('CREATE_COMPLETE');
  expect(campaign().communicationLimitsOverride).toEqual(limits(WEEKLY));
  expect(campaign().tags).toBeUndefined();
  await h.destroy('TagPolicy');
  expect(campaign().communicationLimitsOverride).toBeUndefined();
});
