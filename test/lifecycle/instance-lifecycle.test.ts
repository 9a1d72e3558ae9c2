/**
 * InstanceCommunicationLimits through CloudFormation's lifecycle, as the local runner plays it, with IAM enforced:
 * create, update, unchanged redeploy, replacement, delete, retain, failed create, failed update, parameters,
 * renames, throttling, and instance limits together with campaigns that opt in.
 */
import { CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  CampaignCommunicationLimits,
  CommunicationLimit,
  InstanceCommunicationLimits,
  InstanceLimitsHandling,
} from '../../lib';
import { Harness, startHarness } from '../support/lifecycle-harness';

jest.setTimeout(120_000);

const I1 = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const I2 = 'b2c3d4e5-5678-90ab-cdef-222222222222';
const CAMPAIGN = 'cccccccc-0000-1111-2222-333344445555';
const WEEKLY: CommunicationLimit[] = [{ maxCountPerRecipient: 5, frequency: 7 }];
const DAILY: CommunicationLimit[] = [
  { maxCountPerRecipient: 5, frequency: 7 },
  { maxCountPerRecipient: 2, frequency: 1 },
];
const INSTANCE_RESOURCE = 'Custom::ConnectInstanceCommunicationLimits';

function config(list: CommunicationLimit[]) {
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

function on(connectInstanceId: string, communicationLimits: CommunicationLimit[], extra: object = {}, id = 'Limits') {
  return (stack: Stack) => {
    new InstanceCommunicationLimits(stack, id, { connectInstanceId, communicationLimits, ...extra });
  };
}

let h: Harness;
let stackCount = 0;
let stackName: string;

beforeAll(async () => {
  // Two instances set up for outbound campaigns; any other id answers ResourceNotFoundException.
  h = await startHarness({ instances: [I1, I2] });
});
afterAll(() => h.close());

beforeEach(() => {
  stackName = `Instance${++stackCount}`;
  for (const id of [I1, I2]) {
    h.emulator.removeInstance(id);
    h.emulator.addInstance(id);
  }
  h.emulator.removeCampaign(CAMPAIGN);
  h.emulator.addCampaign({ id: CAMPAIGN, connectInstanceId: I1 });
  h.emulator.clearFailNext();
  h.emulator.setFaults({});
  h.emulator.resetCalls();
});

// IAM is enforced by the harness: no test may have needed a permission the handler lacked.
afterEach(() => expect(h.denials()).toEqual([]));

const limitsOf = (id: string) => h.emulator.getInstanceCommunicationLimits(id);
const puts = () => h.emulator.countCalls({ operation: 'PutInstanceCommunicationLimits' });

test('create, change, redeploy unchanged (no call), delete (reset to an empty configuration)', async () => {
  expect((await h.deploy(stackName, on(I1, WEEKLY))).status).toBe('CREATE_COMPLETE');
  expect(limitsOf(I1)).toEqual(config(WEEKLY));

  expect((await h.deploy(stackName, on(I1, DAILY))).status).toBe('UPDATE_COMPLETE');
  expect(limitsOf(I1)).toEqual(config(DAILY));

  h.emulator.resetCalls();
  expect((await h.deploy(stackName, on(I1, DAILY))).status).toBe('UPDATE_COMPLETE');
  expect(h.emulator.calls).toHaveLength(0);

  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(limitsOf(I1)).toEqual({});
});

test('replacement: pointing at another instance moves the limits, and the old instance is reset', async () => {
  await h.deploy(stackName, on(I1, WEEKLY));
  const moved = await h.deploy(stackName, on(I2, WEEKLY));
  expect(moved.status).toBe('UPDATE_COMPLETE');
  expect(limitsOf(I2)).toEqual(config(WEEKLY));
  expect(limitsOf(I1)).toEqual({});
  const cleanup = moved.events.filter((e) => e.phase === 'cleanup').map((e) => e.resourceType);
  expect(cleanup).toEqual([INSTANCE_RESOURCE]);
  await h.destroy(stackName);
  expect(limitsOf(I2)).toEqual({});
});

test('RETAIN leaves the limits on the instance when the stack is deleted', async () => {
  await h.deploy(stackName, on(I1, WEEKLY, { removalPolicy: RemovalPolicy.RETAIN }));
  h.emulator.resetCalls();
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(limitsOf(I1)).toEqual(config(WEEKLY));
  expect(puts()).toBe(0);
});

test('an instance that is not set up: the create fails with a message saying what to do, and rolls back', async () => {
  const result = await h.deploy(stackName, on('not-set-up-instance', WEEKLY));
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.reason).toContain(
    'Amazon Connect instance not-set-up-instance was not found in this account and region, or is not set up for ' +
      'outbound campaigns; check the instance id, and enable outbound campaigns on the instance',
  );
});

test('a failed create rolls back cleanly: the limits already put are reset', async () => {
  h.emulator.removeCampaign(CAMPAIGN);
  const result = await h.deploy(stackName, (stack) => {
    const instance = new InstanceCommunicationLimits(stack, 'Instance', {
      connectInstanceId: I1,
      communicationLimits: WEEKLY,
    });
    const campaign = new CampaignCommunicationLimits(stack, 'Missing', {
      campaignId: CAMPAIGN,
      instanceLimitsHandling: InstanceLimitsHandling.OPT_IN,
    });
    campaign.node.addDependency(instance);
  });
  expect(result.status).toBe('ROLLBACK_COMPLETE');
  expect(result.reason).toContain(`campaign ${CAMPAIGN} was not found`);
  expect(puts()).toBe(2); // the limits, then the reset
  expect(limitsOf(I1)).toEqual({});
});

test('a failed update rolls back, and the rollback Update restores the previous instance limits', async () => {
  const build = (instanceLimits: CommunicationLimit[], campaignLimits: CommunicationLimit[]) => (stack: Stack) => {
    const instance = new InstanceCommunicationLimits(stack, 'Instance', {
      connectInstanceId: I1,
      communicationLimits: instanceLimits,
    });
    const campaign = new CampaignCommunicationLimits(stack, 'Campaign', {
      campaignId: CAMPAIGN,
      communicationLimits: campaignLimits,
      instanceLimitsHandling: InstanceLimitsHandling.OPT_IN,
    });
    campaign.node.addDependency(instance);
  };
  expect((await h.deploy(stackName, build(WEEKLY, WEEKLY))).status).toBe('CREATE_COMPLETE');
  h.emulator.setCampaignState(CAMPAIGN, 'Running');
  const result = await h.deploy(stackName, build(DAILY, DAILY));
  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(result.reason).toContain(`Campaign ${CAMPAIGN} is Running`);
  expect(limitsOf(I1)).toEqual(config(WEEKLY));
  expect(h.emulator.countCalls({ operation: 'PutInstanceCommunicationLimits', outcome: 'success' })).toBe(3);
  h.emulator.setCampaignState(CAMPAIGN, 'Initialized');
  await h.destroy(stackName);
});

test('CfnParameter values: a bad one fails before any write; an instance ARN is reduced to its id', async () => {
  const build = (stack: Stack) => {
    const instance = new CfnParameter(stack, 'Instance');
    const frequency = new CfnParameter(stack, 'Frequency', { type: 'Number' });
    new InstanceCommunicationLimits(stack, 'Limits', {
      connectInstanceId: instance.valueAsString,
      communicationLimits: [{ maxCountPerRecipient: 2, frequency: frequency.valueAsNumber }],
    });
  };
  const arn = (id: string) => `arn:aws:connect:us-east-1:123456789012:instance/${id}`;
  const bad = await h.deploy(stackName, build, { Instance: arn(I1), Frequency: '31' });
  expect(bad.status).toBe('ROLLBACK_COMPLETE');
  expect(bad.reason).toContain('communicationLimits[0].frequency must be an integer from 1 to 30; got "31"');
  expect(puts()).toBe(0);

  const badId = await h.deploy(`${stackName}b`, build, { Instance: 'not an id', Frequency: '7' });
  expect(badId.reason).toContain(
    `connectInstanceId must be an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'; got "not an id"`,
  );
  expect(puts()).toBe(0);

  const good = await h.deploy(`${stackName}c`, build, { Instance: arn(I1), Frequency: '14' });
  expect(good.status).toBe('CREATE_COMPLETE');
  expect(limitsOf(I1)).toEqual(config([{ maxCountPerRecipient: 2, frequency: 14 }]));
  const resource = Object.values(h.cfn.stack(`${stackName}c`)!.resources).find((r) => r.type === INSTANCE_RESOURCE);
  expect(resource?.physicalId).toBe(I1);

  // The parameter moves to the other instance (given as a bare id): a replacement, the old instance reset.
  const moved = await h.deploy(`${stackName}c`, build, { Instance: I2, Frequency: '14' });
  expect(moved.status).toBe('UPDATE_COMPLETE');
  expect(limitsOf(I1)).toEqual({});
  expect(limitsOf(I2)).toEqual(config([{ maxCountPerRecipient: 2, frequency: 14 }]));
  await h.destroy(`${stackName}c`);
});

test("renaming the construct keeps the limits: the old resource's Delete leaves the instance to the new one", async () => {
  await h.deploy(stackName, on(I1, WEEKLY));
  h.emulator.resetCalls();
  const renamed = await h.deploy(stackName, on(I1, WEEKLY, {}, 'RenamedLimits'));
  expect(renamed.status).toBe('UPDATE_COMPLETE');
  expect(limitsOf(I1)).toEqual(config(WEEKLY));
  expect(puts()).toBe(1); // the new resource's Create only
  await h.destroy(stackName);
  expect(limitsOf(I1)).toEqual({});
});

test('removing the last instance construct: its reset runs before its policy goes', async () => {
  const campaign = (stack: Stack) =>
    new CampaignCommunicationLimits(stack, 'Campaign', { campaignId: CAMPAIGN, communicationLimits: WEEKLY });
  await h.deploy(stackName, (stack) => {
    campaign(stack);
    on(I1, WEEKLY)(stack);
  });
  const result = await h.deploy(stackName, campaign);
  expect(result.status).toBe('UPDATE_COMPLETE');
  expect(limitsOf(I1)).toEqual({});
  const cleanup = result.events.filter((e) => e.phase === 'cleanup').map((e) => e.resourceType);
  expect(cleanup).toEqual([INSTANCE_RESOURCE, 'AWS::IAM::Policy']);
  await h.destroy(stackName);
});

test('throttling, 5xx and conflicts are retried until the limits are put', async () => {
  h.emulator.failNext({ error: 'InternalServerException', operation: 'PutInstanceCommunicationLimits', count: 2 });
  h.emulator.failNext({ error: 'ConflictException', operation: 'PutInstanceCommunicationLimits', count: 2 });
  h.emulator.failNext({ error: 'ThrottlingException', operation: 'PutInstanceCommunicationLimits', count: 2 });
  expect((await h.deploy(stackName, on(I1, WEEKLY))).status).toBe('CREATE_COMPLETE');
  expect(limitsOf(I1)).toEqual(config(WEEKLY));
  expect(h.emulator.countCalls({ operation: 'PutInstanceCommunicationLimits', outcome: 'error' })).toBe(6);
  await h.destroy(stackName);
});

test('instance limits with a campaign that opts in: one provider, both applied, both removed', async () => {
  const result = await h.deploy(stackName, (stack) => {
    new InstanceCommunicationLimits(stack, 'Instance', { connectInstanceId: I1, communicationLimits: DAILY });
    new CampaignCommunicationLimits(stack, 'Campaign', {
      campaignId: CAMPAIGN,
      communicationLimits: WEEKLY,
      instanceLimitsHandling: InstanceLimitsHandling.OPT_IN,
    });
  });
  expect(result.status).toBe('CREATE_COMPLETE');
  expect(limitsOf(I1)).toEqual(config(DAILY));
  expect(h.emulator.getCampaign(CAMPAIGN)?.communicationLimitsOverride).toEqual({
    ...config(WEEKLY),
    instanceLimitsHandling: 'OPT_IN',
  });
  const functions = Object.values(h.cfn.stack(stackName)!.resources).filter((r) => r.type === 'AWS::Lambda::Function');
  expect(functions).toHaveLength(2);
  expect((await h.destroy(stackName)).status).toBe('DELETE_COMPLETE');
  expect(limitsOf(I1)).toEqual({});
  expect(h.emulator.getCampaign(CAMPAIGN)?.communicationLimitsOverride).toBeUndefined();
});
