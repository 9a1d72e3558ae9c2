/**
 * A cancelled create: a sibling fails while our Create is still writing. CloudFormation cancels the Create and, in the
 * rollback, sends its Delete with a physical id of its own making, without waiting for the Create (aws/aws-cdk#26139,
 * cloudformation-coverage-roadmap#1730); the runner models that (stack-engine.ts, `unlessCancelled`). The write that
 * was in flight lands after that Delete. No override may remain.
 */
import { CampaignCommunicationLimits, CommunicationLimit, InstanceCommunicationLimits } from '../../lib';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const MISSING = 'ffffffff-0000-1111-2222-333344445555';
const WEEKLY: CommunicationLimit[] = [{ maxCountPerRecipient: 3, frequency: 7 }];
const TYPE = 'Custom::ConnectCampaignCommunicationLimits';
const INSTANCE = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const INSTANCE_TYPE = 'Custom::ConnectInstanceCommunicationLimits';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ campaigns: [{ id: A }], instances: [INSTANCE] });
});
afterAll(() => h.close());
afterEach(() => expect(h.denials()).toEqual([]));

test('the write of a cancelled create does not survive the rollback', async () => {
  // The two take turns (lambda/turns.ts), in logical-id order: the sibling ('Absent') goes first and fails at once
  // (its campaign does not exist), while our Create is still in flight, waiting for its turn. Our write then passes
  // IAM at once but takes 3 s to land.
  h.emulator.holdNext({ operation: 'UpdateCampaignCommunicationLimits', campaignId: A, ms: 3_000 });
  const result = await h.deploy('Cancelled', (stack) => {
    new CampaignCommunicationLimits(stack, 'Good', { campaignId: A, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Absent', { campaignId: MISSING, communicationLimits: WEEKLY });
  });
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.reason).toContain(`campaign ${MISSING} was not found`);

  const good = result.events.filter((e) => e.logicalId.startsWith('Good') && e.resourceType === TYPE);
  expect(good.map((e) => [e.action, e.status, e.reason])).toEqual([
    ['CREATE', 'FAILED', 'Resource creation cancelled'],
    ['DELETE', 'COMPLETE', undefined],
  ]);
  // The Delete carried CloudFormation's own physical id, not the campaign id.
  expect(good[1].physicalId).toMatch(/^Cancelled-Good[A-Z0-9]+-[A-Z0-9]{12}$/);

  // The write landed (after the Delete had started), and yet no override remains.
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits', outcome: 'success' })).toBe(1);
  expect(h.emulator.getCampaign(A)?.communicationLimitsOverride).toBeUndefined();
});

test("the put of an instance's cancelled create does not survive the rollback", async () => {
  // As above, for instance limits: the campaign sibling ('Absent') fails at once while our put is in flight (3 s).
  h.emulator.holdNext({ operation: 'PutInstanceCommunicationLimits', ms: 3_000 });
  const result = await h.deploy('CancelledInstance', (stack) => {
    new InstanceCommunicationLimits(stack, 'Good', { connectInstanceId: INSTANCE, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Absent', { campaignId: MISSING, communicationLimits: WEEKLY });
  });
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.reason).toContain(`campaign ${MISSING} was not found`);

  const good = result.events.filter((e) => e.logicalId.startsWith('Good') && e.resourceType === INSTANCE_TYPE);
  expect(good.map((e) => [e.action, e.status, e.reason])).toEqual([
    ['CREATE', 'FAILED', 'Resource creation cancelled'],
    ['DELETE', 'COMPLETE', undefined],
  ]);
  // CloudFormation's own physical id, which looks like an instance id: no put may go to it.
  expect(good[1].physicalId).toMatch(/^CancelledInstance-Good[A-Z0-9]+-[A-Z0-9]{12}$/);
  expect(h.emulator.countCalls({ operation: 'PutInstanceCommunicationLimits', outcome: 'error' })).toBe(0);

  // The limits landed (after the Delete had started), and yet the instance has none left.
  expect(h.emulator.getInstanceCommunicationLimits(INSTANCE)).toEqual({});
});
