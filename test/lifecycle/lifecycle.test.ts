/**
 * CampaignCommunicationLimits through CloudFormation's lifecycle, as the local runner plays it: create, update,
 * unchanged redeploy, replacement, retain, deletes that must not get stuck, rollbacks, parameters.
 */
import { CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnCampaign } from 'aws-cdk-lib/aws-connectcampaignsv2';
import { CampaignCommunicationLimits, CommunicationLimit, InstanceLimitsHandling } from '../../lib';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

const A = 'aaaaaaaa-0000-1111-2222-333344445555';
const B = 'bbbbbbbb-0000-1111-2222-333344445555';
const WEEKLY: CommunicationLimit[] = [{ maxCountPerRecipient: 3, frequency: 7 }];
const DAILY: CommunicationLimit[] = [{ maxCountPerRecipient: 1, frequency: 1 }];

function limits(list: CommunicationLimit[]) {
  return {
    allChannelSubtypes: {
      communicationLimitsList: list.map((l) => ({
        maxCountPerRecipient: l.maxCountPerRecipient,
        frequency: l.frequency,
        unit: 'DAY',
      })),
    },
  };
}

function on(campaignId: string, communicationLimits: CommunicationLimit[], extra: object = {}) {
  return (stack: Stack) => {
    new CampaignCommunicationLimits(stack, 'Limits', { campaignId, communicationLimits, ...extra });
  };
}

let h: Harness;
let stackCount = 0;
let stackName: string;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

beforeEach(() => {
  stackName = `Lifecycle${++stackCount}`;
  for (const id of [A, B]) {
    h.emulator.removeCampaign(id);
    h.emulator.addCampaign({ id, state: 'Initialized' });
  }
  h.emulator.clearFailNext();
  h.emulator.setFaults({});
  h.emulator.resetCalls();
});

// IAM is enforced by the harness: no test may have needed a permission the handler lacked.
afterEach(() => expect(h.denials()).toEqual([]));

const override = (id: string) => h.emulator.getCampaign(id)?.communicationLimitsOverride;

test('create, change, redeploy unchanged (no write), delete', async () => {
  expect((await h.deploy(stackName, on(A, WEEKLY))).status).toBe('CREATE_COMPLETE');
  expect(override(A)).toEqual(limits(WEEKLY));

  expect((await h.deploy(stackName, on(A, DAILY))).status).toBe('UPDATE_COMPLETE');
  expect(override(A)).toEqual(limits(DAILY));

  h.emulator.resetCalls();
  const unchanged = await h.deploy(stackName, on(A, DAILY));
  expect(unchanged.status).toBe('UPDATE_COMPLETE');
  expect(h.emulator.calls).toHaveLength(0);

  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(override(A)).toBeUndefined();
});

test('replacement: pointing at another campaign moves the override, and the old one is cleared', async () => {
  await h.deploy(stackName, on(A, WEEKLY));
  const moved = await h.deploy(stackName, on(B, WEEKLY));
  expect(moved.status).toBe('UPDATE_COMPLETE');
  expect(moved.warnings).toEqual([]);
  expect(override(B)).toEqual(limits(WEEKLY));
  expect(override(A)).toBeUndefined();
  // The Delete for A ran in the cleanup phase, before the old policy (which granted access to A) was deleted.
  const cleanup = moved.events.filter((e) => e.phase === 'cleanup').map((e) => e.resourceType);
  expect(cleanup).toEqual(['Custom::ConnectCampaignCommunicationLimits', 'AWS::IAM::Policy']);
  await h.destroy(stackName);
});

test('RETAIN leaves the override on the campaign when the stack is deleted', async () => {
  await h.deploy(stackName, on(A, WEEKLY, { removalPolicy: RemovalPolicy.RETAIN }));
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(override(A)).toEqual(limits(WEEKLY));
});

test('stack delete succeeds after the campaign is gone', async () => {
  await h.deploy(stackName, on(A, WEEKLY));
  h.emulator.removeCampaign(A);
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
});

test('stack delete succeeds after the campaign started running (the override stays)', async () => {
  await h.deploy(stackName, on(A, WEEKLY));
  h.emulator.setCampaignState(A, 'Running');
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(override(A)).toEqual(limits(WEEKLY));
});

test('a failed create rolls back cleanly: the limits already applied are removed', async () => {
  h.emulator.removeCampaign(B);
  const result = await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'Good', { campaignId: A, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Missing', { campaignId: B, communicationLimits: WEEKLY });
  });
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.reason).toContain(`campaign ${B} was not found in this account and region`);
  expect(override(A)).toBeUndefined();
});

test('a change on a running campaign fails, and the rollback restores the previous limits everywhere', async () => {
  await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Second', { campaignId: B, communicationLimits: WEEKLY });
  });
  h.emulator.setCampaignState(B, 'Running');
  const result = await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: DAILY });
    new CampaignCommunicationLimits(stack, 'Second', { campaignId: B, communicationLimits: DAILY });
  });
  // The rollback Update of the running campaign asks for what it still has, so it succeeds: no UPDATE_ROLLBACK_FAILED.
  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(result.reason).toContain(
    `Campaign ${B} is Running: Connect accepts communication limit changes only while a campaign is Initialized`,
  );
  expect(override(A)).toEqual(limits(WEEKLY));
  expect(override(B)).toEqual(limits(WEEKLY));
  h.emulator.setCampaignState(B, 'Initialized');
  await h.destroy(stackName);
});

test('token-valued properties: a CfnParameter is checked when CloudFormation delivers it', async () => {
  const build = (stack: Stack) => {
    const frequency = new CfnParameter(stack, 'Frequency', { type: 'Number' });
    const handling = new CfnParameter(stack, 'Handling');
    new CampaignCommunicationLimits(stack, 'Limits', {
      campaignId: A,
      communicationLimits: [{ maxCountPerRecipient: 2, frequency: frequency.valueAsNumber }],
      instanceLimitsHandling: handling.valueAsString as InstanceLimitsHandling,
    });
  };
  const bad = await h.deploy(stackName, build, { Frequency: '31', Handling: 'OPT_OUT' });
  expect(bad.status).toBe('ROLLBACK_COMPLETE');
  expect(bad.reason).toContain('communicationLimits[0].frequency must be an integer from 1 to 30; got "31"');
  expect(h.writes()).toBe(0);

  const good = await h.deploy(`${stackName}b`, build, { Frequency: '14', Handling: 'OPT_OUT' });
  expect(good.status).toBe('CREATE_COMPLETE');
  expect(override(A)).toEqual({
    ...limits([{ maxCountPerRecipient: 2, frequency: 14 }]),
    instanceLimitsHandling: 'OPT_OUT',
  });
  await h.destroy(`${stackName}b`);
});

test('a CfnCampaign in the same app: the id comes from its ARN, the limits follow its creation', async () => {
  const result = await h.deploy(stackName, (stack) => {
    const campaign = new CfnCampaign(stack, 'Outreach', {
      name: 'outreach',
      connectInstanceId: '11111111-2222-3333-4444-555555555555',
      channelSubtypeConfig: {},
    });
    new CampaignCommunicationLimits(stack, 'Limits', { campaign, communicationLimits: WEEKLY });
  });
  expect(result.status).toBe('CREATE_COMPLETE');
  const resources = Object.values(h.cfn.stack(stackName)!.resources);
  const campaignArn = resources.find((r) => r.type === 'AWS::ConnectCampaignsV2::Campaign')!.physicalId;
  const limitsResource = resources.find((r) => r.type === 'Custom::ConnectCampaignCommunicationLimits')!;
  expect(campaignArn).toBe(`arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${limitsResource.physicalId}`);
  expect(override(limitsResource.physicalId)).toEqual(limits(WEEKLY));
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
});

test("renaming the construct keeps the limits: the old resource's Delete leaves the campaign to the new one", async () => {
  await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'Limits', { campaignId: A, communicationLimits: WEEKLY });
  });
  const renamed = await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'RenamedLimits', { campaignId: A, communicationLimits: WEEKLY });
  });
  expect(renamed.status).toBe('UPDATE_COMPLETE');
  expect(override(A)).toEqual(limits(WEEKLY));
  expect(h.emulator.countCalls({ operation: 'DeleteCampaignCommunicationLimits' })).toBe(0);
  await h.destroy(stackName);
  expect(override(A)).toBeUndefined();
});

test('two constructs swapping campaigns keep both campaigns limited', async () => {
  await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'X', { campaignId: A, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Y', { campaignId: B, communicationLimits: WEEKLY });
  });
  const swapped = await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'X', { campaignId: B, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Y', { campaignId: A, communicationLimits: WEEKLY });
  });
  expect(swapped.status).toBe('UPDATE_COMPLETE');
  expect(override(A)).toEqual(limits(WEEKLY));
  expect(override(B)).toEqual(limits(WEEKLY));
  await h.destroy(stackName);
});

test('a campaign id from a parameter can move to another campaign: the old override is removed', async () => {
  const build = (stack: Stack) => {
    const campaignId = new CfnParameter(stack, 'CampaignId').valueAsString;
    new CampaignCommunicationLimits(stack, 'Limits', { campaignId, communicationLimits: WEEKLY });
  };
  await h.deploy(stackName, build, { CampaignId: A });
  const moved = await h.deploy(stackName, build, { CampaignId: B });
  expect(moved.status).toBe('UPDATE_COMPLETE');
  expect(moved.warnings).toEqual([]);
  expect(override(A)).toBeUndefined();
  expect(override(B)).toEqual(limits(WEEKLY));
  await h.destroy(stackName);
});

test('a rollback that cannot restore the limits (the campaign is gone) still completes', async () => {
  await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: WEEKLY });
    new CampaignCommunicationLimits(stack, 'Second', { campaignId: B, communicationLimits: WEEKLY });
  });
  h.emulator.removeCampaign(A);
  const result = await h.deploy(stackName, (stack) => {
    new CampaignCommunicationLimits(stack, 'First', { campaignId: A, communicationLimits: DAILY });
    new CampaignCommunicationLimits(stack, 'Second', { campaignId: B, communicationLimits: DAILY });
  });
  // First fails (A is gone); Second may have been updated and is rolled back; First's rollback Update cannot
  // restore anything on a campaign that no longer exists, and must not leave the stack in UPDATE_ROLLBACK_FAILED.
  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(override(B)).toEqual(limits(WEEKLY));
  await h.destroy(stackName);
});

test('transient 5xx and 409 answers are retried until the limits are applied', async () => {
  h.emulator.failNext({ error: 'InternalServerException', operation: 'UpdateCampaignCommunicationLimits', count: 2 });
  h.emulator.failNext({ error: 'ConflictException', operation: 'UpdateCampaignCommunicationLimits', count: 2 });
  expect((await h.deploy(stackName, on(A, WEEKLY))).status).toBe('CREATE_COMPLETE');
  expect(override(A)).toEqual(limits(WEEKLY));
  expect(h.emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits', outcome: 'error' })).toBe(4);
  await h.destroy(stackName);
});
