/**
 * A hundred constructs created at once against an API that throttles (a token bucket, as the service's front end
 * does), with a Lambda concurrency of 25: every one must be applied, and the stack must reach CREATE_COMPLETE.
 */
import { CampaignCommunicationLimits } from '../../lib';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(300_000);

const COUNT = 100;
const ids = Array.from({ length: COUNT }, (_, i) => `${String(i).padStart(8, '0')}-0000-1111-2222-333344445555`);

let h: Harness;
beforeAll(async () => {
  h = await startHarness(
    {
      campaigns: ids.map((id) => ({ id })),
      faults: { throttle: { ratePerSecond: 20, burst: 2 } },
    },
    // CloudFormation starts them all at once; Lambda runs many invocations side by side.
    25,
  );
});
afterAll(() => h.close());

test(`${COUNT} constructs under throttling are all applied`, async () => {
  const result = await h.deploy('Throttled', (stack) => {
    ids.forEach((campaignId, i) => {
      new CampaignCommunicationLimits(stack, `Limits${i}`, {
        campaignId,
        communicationLimits: [{ maxCountPerRecipient: 1 + (i % 5), frequency: 1 + (i % 30) }],
      });
    });
  });
  expect(result.reason).toBeUndefined();
  expect(result.status).toBe('CREATE_COMPLETE');
  ids.forEach((id, i) => {
    expect(h.emulator.getCampaign(id)?.communicationLimitsOverride).toEqual({
      allChannelSubtypes: {
        communicationLimitsList: [{ maxCountPerRecipient: 1 + (i % 5), frequency: 1 + (i % 30), unit: 'DAY' }],
      },
    });
  });
  // They took turns (lambda/turns.ts), three quarters of them queued behind the Lambda's concurrency at first: the
  // skipped members kept the crowd moving, and the API was not hammered.
  expect(h.emulator.countCalls({ errorType: 'ThrottlingException' })).toBeLessThan(COUNT);
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits', outcome: 'success' })).toBe(COUNT);
});
