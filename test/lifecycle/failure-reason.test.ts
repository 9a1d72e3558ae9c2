/**
 * A failure reason that fits: CloudFormation refuses a custom resource response over 4,096 bytes ("Response object is
 * too long", aws/aws-cdk#28498) and the real reason is lost. At the worst case (a 256-character campaign id, a long
 * stack name and logical id, a 3,000-character service message) the provider framework's whole response must fit and
 * still say which operation failed, on which campaign, and how the service's message starts.
 */
import { CampaignCommunicationLimits } from '../../lib';
import { MAX_RESPONSE_BYTES } from '../../tools/local-cloudformation';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

// The longest campaign id Connect allows (1..256 characters of [-:/a-zA-Z0-9]).
const LONG_ID = `${'c'.repeat(219)}-0000-1111-2222-333344445555`;
const SERVICE_WORDS = 'The communication limits are not valid for this campaign because';
const LONG_MESSAGE = `${SERVICE_WORDS} ${'x'.repeat(3_000 - SERVICE_WORDS.length - 1)}`;
// The longest stack name CloudFormation allows is 128 characters; a long construct id gives a long logical id.
const STACK_PREFIX = 'Reason'.padEnd(120, 'S');
const CONSTRUCT_ID = 'Limits'.padEnd(200, 'L');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ campaigns: [{ id: LONG_ID }] });
});
afterAll(() => h.close());
afterEach(() => expect(h.denials()).toEqual([]));

const build = (frequency: number) => (stack: import('aws-cdk-lib').Stack) => {
  new CampaignCommunicationLimits(stack, CONSTRUCT_ID, {
    campaignId: LONG_ID,
    communicationLimits: [{ maxCountPerRecipient: 1, frequency }],
  });
};

async function largestResponse(): Promise<number> {
  return Math.max(...(await h.cfn.responses()).map((r) => r.bytes));
}

test('a failed create with a 3,000-character service message reports the real reason within 4,096 bytes', async () => {
  h.emulator.failNext({
    error: 'ValidationException',
    operation: 'UpdateCampaignCommunicationLimits',
    message: LONG_MESSAGE,
  });
  const result = await h.deploy(`${STACK_PREFIX}1`, build(7));
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.reason).not.toContain('Response object is too long');
  expect(result.reason).toContain(
    `UpdateCampaignCommunicationLimits failed for campaign ${LONG_ID}: ValidationException: ${SERVICE_WORDS}`,
  );
  expect(result.reason).toContain('(truncated: the full message is in the handler log)');
  expect(await largestResponse()).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
});

test('a failed update (the physical id is the 256-character campaign id) fits too', async () => {
  const stackName = `${STACK_PREFIX}2`;
  expect((await h.deploy(stackName, build(7))).status).toBe('CREATE_COMPLETE');
  h.emulator.failNext({
    error: 'ValidationException',
    operation: 'UpdateCampaignCommunicationLimits',
    message: LONG_MESSAGE,
  });
  const result = await h.deploy(stackName, build(14));
  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(result.reason).toContain(`failed for campaign ${LONG_ID}: ValidationException: ${SERVICE_WORDS}`);
  const responses = await h.cfn.responses();
  const failed = responses.filter((r) => r.body.includes('"Status":"FAILED"'));
  expect(failed.length).toBeGreaterThan(0);
  for (const response of failed) expect(response.bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  await h.destroy(stackName);
});
