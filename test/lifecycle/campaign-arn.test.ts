/**
 * A campaign ARN given as `campaignId`, through the local runner: literally (checked at synth) and through a
 * `CfnParameter` that holds an ARN at deploy time (checked by the handler). The API gets the id, the physical id is
 * the id, IAM grants the ARN, and nothing is refused.
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits } from '../../lib';
import { ACCOUNT, Harness, REGION, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const B = 'bbbbbbbb-0000-1111-2222-333344445555';
const arnOf = (id: string, region = REGION) => `arn:aws:connect-campaigns:${region}:${ACCOUNT}:campaign/${id}`;
const WEEKLY = [{ maxCountPerRecipient: 3, frequency: 7 }];
const APPLIED = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 3, frequency: 7, unit: 'DAY' }] },
};

let h: Harness;
let stackCount = 0;
let stackName: string;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

beforeEach(() => {
  stackName = `CampaignArn${++stackCount}`;
  for (const id of [A, B]) {
    h.emulator.removeCampaign(id);
    h.emulator.addCampaign({ id, state: 'Initialized' });
  }
  h.emulator.resetCalls();
});

afterEach(() => expect(h.denials()).toEqual([]));

const override = (id: string) => h.emulator.getCampaign(id)?.communicationLimitsOverride;
const physicalId = () =>
  Object.values(h.cfn.stack(stackName)!.resources).find((r) => r.type === 'Custom::ConnectCampaignCommunicationLimits')
    ?.physicalId;

/** Limits on the campaign a `CampaignId` parameter names, by id or ARN. */
function fromParameter(stack: Stack): void {
  const campaignId = new CfnParameter(stack, 'CampaignId').valueAsString;
  new CampaignCommunicationLimits(stack, 'Limits', { campaignId, communicationLimits: WEEKLY });
}

test('a literal ARN: applied to the campaign, whose id is the physical id; deleted with the stack', async () => {
  const result = await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'Limits', { campaignId: arnOf(A), communicationLimits: WEEKLY });
  });
  expect(result.status).toBe('CREATE_COMPLETE');
  expect(physicalId()).toBe(A);
  expect(override(A)).toEqual(APPLIED);
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(override(A)).toBeUndefined();
});

test('a parameter holding an ARN: the handler takes the id; a move to another ARN clears the old campaign', async () => {
  expect((await h.deploy(stackName, fromParameter, { CampaignId: arnOf(A) })).status).toBe('CREATE_COMPLETE');
  expect(physicalId()).toBe(A);
  expect(override(A)).toEqual(APPLIED);
  // Every call (the owner check, the write, the owner tags) names the campaign by its id.
  expect([...new Set(h.emulator.calls.map((c) => c.campaignId))]).toEqual([A]);

  // The same campaign by id: no change the API sees, so no call.
  h.emulator.resetCalls();
  expect((await h.deploy(stackName, fromParameter, { CampaignId: A })).status).toBe('UPDATE_COMPLETE');
  expect(h.writes()).toBe(0);

  const moved = await h.deploy(stackName, fromParameter, { CampaignId: arnOf(B) });
  expect(moved.status).toBe('UPDATE_COMPLETE');
  expect(physicalId()).toBe(B);
  expect(override(B)).toEqual(APPLIED);
  expect(override(A)).toBeUndefined();
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(override(B)).toBeUndefined();
});

test('a parameter holding an ARN of another region fails the create before any write, naming the value', async () => {
  const arn = arnOf(A, 'eu-west-2');
  const result = await h.deploy(stackName, fromParameter, { CampaignId: arn });
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.reason).toContain(
    `campaignId must be the ARN of a campaign in the stack's account ${ACCOUNT} and region ${REGION}; got "${arn}"`,
  );
  expect(h.writes()).toBe(0);
});
