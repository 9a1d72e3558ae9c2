/**
 * Issue 9, item 5: many resources created and then deleted at once share a slow API (2 requests/s, burst 1, as
 * Connect's front end throttles: a token bucket per account and region) by taking turns (lambda/turns.ts) instead
 * of hammering it: every one is applied, every one removed, and few calls are throttled. With the jittered backoff
 * alone, the same stack met about 20 throttled calls per resource. How long it takes is measured by the benchmark
 * (`npx tsx tools/bench/fair-share.ts`), not here.
 */
import { CampaignCommunicationLimits } from '../../lib';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(240_000);

const COUNT = 12;
/**
 * The goal is at most 1.5 throttled calls per resource, measured by the benchmark on an idle machine; this
 * test keeps a margin for a loaded CI machine, far below the ~20 of the backoff alone.
 */
const THROTTLED_PER_RESOURCE = 4;
const ids = Array.from({ length: COUNT }, (_, i) => `${String(i).padStart(8, '0')}-0000-1111-2222-444455556666`);

let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    { campaigns: ids.map((id) => ({ id })), faults: { throttle: { ratePerSecond: 2, burst: 1 } } },
    COUNT,
  );
});
afterAll(() => h.close());
// The crowd reads (ListStackResources, DescribeStackResource) are allowed by the handler's policy.
afterEach(() => expect(h.denials()).toEqual([]));

test(`${COUNT} resources created at once against 2 requests/s take turns: all applied, few throttled`, async () => {
  h.emulator.resetCalls();
  const result = await h.deploy('FairShare', (stack) => {
    ids.forEach((campaignId, i) => {
      new CampaignCommunicationLimits(stack, `Limits${i}`, {
        campaignId,
        communicationLimits: [{ maxCountPerRecipient: 1 + (i % 5), frequency: 7 }],
      });
    });
  });
  expect(result.reason).toBeUndefined();
  expect(result.status).toBe('CREATE_COMPLETE');
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits', outcome: 'success' })).toBe(COUNT);
  expect(h.emulator.countCalls({ errorType: 'ThrottlingException' })).toBeLessThanOrEqual(
    THROTTLED_PER_RESOURCE * COUNT,
  );
});

test('and deleted at once: every override removed, few throttled', async () => {
  h.emulator.resetCalls();
  const result = await h.destroy('FairShare');
  expect(result.status).toBe('DELETE_COMPLETE');
  ids.forEach((id) => expect(h.emulator.getCampaign(id)?.communicationLimitsOverride).toBeUndefined());
  expect(h.emulator.countCalls({ errorType: 'ThrottlingException' })).toBeLessThanOrEqual(
    THROTTLED_PER_RESOURCE * COUNT,
  );
});
