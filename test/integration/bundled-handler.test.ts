/**
 * The bundled handler (assets/on-event/index.js, exactly what is deployed) with its own SDK client, talking HTTP to
 * the loopback Connect Campaigns V2 emulator through the SDK's AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2 variable.
 * Events are CloudFormation-shaped: every property value a string.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ConnectCampaignsEmulator, startEmulator } from '../../tools/emulator';
import { CloudFormationApi, LiveResource, LiveStack, LiveStackStatus } from '../../tools/local-cloudformation';
import { BundledHandler } from '../support/bundled-handler';
import {
  CAMPAIGN_ID,
  COMMON_LOGICAL_ID,
  createEvent,
  deleteEvent,
  DELIVERED,
  OTHER_CAMPAIGN_ID,
  OVERRIDE,
  updateEvent,
} from '../support/cfn-events';

const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '5', Frequency: '30', Unit: 'DAY' }] };
const PREVIOUS_OVERRIDE = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 5, frequency: 30, unit: 'DAY' as const }] },
  instanceLimitsHandling: 'OPT_IN' as const,
};

let emulator: ConnectCampaignsEmulator;
let handler: BundledHandler;
let cloudFormation: CloudFormationApi;

/** The stack as the CloudFormation API reports it to the handler; each test sets what it needs. */
let stack: LiveStack;
function stackIs(status: LiveStackStatus, resources: Partial<LiveResource>[] = []): void {
  stack = {
    stackName: 'CampaignLimits',
    stackId: createEvent().StackId,
    status,
    creationTime: new Date(),
    resources: resources.map((r) => ({
      logicalId: COMMON_LOGICAL_ID,
      type: 'Custom::ConnectCampaignCommunicationLimits',
      status: 'UPDATE_COMPLETE',
      lastUpdated: new Date(),
      ...r,
    })),
  };
}

beforeAll(async () => {
  emulator = await startEmulator();
  cloudFormation = await CloudFormationApi.start(() => [stack]);
  handler = new BundledHandler({
    AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // Lambda runs Node.js 24; this machine's Node.js 20 only makes the SDK warn.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
});

afterAll(async () => {
  handler.stop();
  await cloudFormation.close();
  await emulator.close();
});

beforeEach(() => {
  for (const id of [CAMPAIGN_ID, OTHER_CAMPAIGN_ID]) {
    emulator.removeCampaign(id);
    emulator.addCampaign({ id, state: 'Initialized' });
  }
  emulator.clearFailNext();
  emulator.resetCalls();
  stackIs('CREATE_IN_PROGRESS');
});

const run = (event: CloudFormationCustomResourceEvent) => handler.invoke(event);
const overrideOf = (id: string) => emulator.getCampaign(id)?.communicationLimitsOverride;
const writes = () =>
  emulator.countCalls({ operation: 'UpdateCampaignCommunicationLimits' }) +
  emulator.countCalls({ operation: 'DeleteCampaignCommunicationLimits' });

test('Create applies the limits the service model accepts, as integers', async () => {
  await expect(run(createEvent())).resolves.toEqual({
    PhysicalResourceId: CAMPAIGN_ID,
    Data: { CampaignId: CAMPAIGN_ID },
  });
  expect(overrideOf(CAMPAIGN_ID)).toEqual(OVERRIDE);
  expect(emulator.countCalls({ outcome: 'error' })).toBe(0);
});

test('Update with a change of limits applies it', async () => {
  await run(createEvent(PREVIOUS));
  await run(updateEvent(DELIVERED, PREVIOUS));
  expect(overrideOf(CAMPAIGN_ID)).toEqual(OVERRIDE);
});

test('Update that changes only the removal policy makes no call', async () => {
  await run(createEvent());
  emulator.resetCalls();
  await run(updateEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }, DELIVERED));
  expect(emulator.calls).toHaveLength(0);
});

test('replacement: the Update applies to the new campaign, the Delete that follows clears the old one', async () => {
  await run(createEvent());
  const result = await run(updateEvent({ ...DELIVERED, CampaignId: OTHER_CAMPAIGN_ID }, DELIVERED));
  expect(result.PhysicalResourceId).toBe(OTHER_CAMPAIGN_ID);
  expect(overrideOf(OTHER_CAMPAIGN_ID)).toEqual(OVERRIDE);
  await run(deleteEvent(DELIVERED, CAMPAIGN_ID));
  expect(overrideOf(CAMPAIGN_ID)).toBeUndefined();
  expect(overrideOf(OTHER_CAMPAIGN_ID)).toEqual(OVERRIDE);
});

test('rollback Update on a campaign that started running meanwhile succeeds: it already has the limits', async () => {
  await run(createEvent(PREVIOUS));
  emulator.setCampaignState(CAMPAIGN_ID, 'Running');
  await expect(run(updateEvent(DELIVERED, PREVIOUS))).rejects.toThrow(`Campaign ${CAMPAIGN_ID} is Running`);
  // CloudFormation rolls back: an Update to the previous properties, with the failed ones as old properties.
  await expect(run(updateEvent(PREVIOUS, DELIVERED))).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
  expect(overrideOf(CAMPAIGN_ID)).toEqual(PREVIOUS_OVERRIDE);
});

test('a real change on a running campaign fails with the campaign, its state and why', async () => {
  await run(createEvent(PREVIOUS));
  emulator.setCampaignState(CAMPAIGN_ID, 'Paused');
  await expect(run(updateEvent(DELIVERED, PREVIOUS))).rejects.toThrow(
    `Campaign ${CAMPAIGN_ID} is Paused: Connect accepts communication limit changes only while a campaign is Initialized`,
  );
  expect(overrideOf(CAMPAIGN_ID)).toEqual(PREVIOUS_OVERRIDE);
});

test('Delete removes the override; with Retain it stays', async () => {
  await run(createEvent());
  await run(deleteEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }));
  expect(overrideOf(CAMPAIGN_ID)).toEqual(OVERRIDE);
  await run(deleteEvent());
  expect(overrideOf(CAMPAIGN_ID)).toBeUndefined();
});

test('Delete succeeds when the campaign is gone, or no longer Initialized', async () => {
  await run(createEvent());
  emulator.setCampaignState(CAMPAIGN_ID, 'Completed');
  await expect(run(deleteEvent())).resolves.toEqual({});
  expect(overrideOf(CAMPAIGN_ID)).toEqual(OVERRIDE);
  emulator.removeCampaign(CAMPAIGN_ID);
  await expect(run(deleteEvent())).resolves.toEqual({});
});

test("Delete of a renamed construct's old resource leaves the campaign to the resource that manages it now", async () => {
  await run(createEvent());
  stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
    { logicalId: 'RenamedLimits', physicalId: CAMPAIGN_ID, status: 'CREATE_COMPLETE' },
    { logicalId: COMMON_LOGICAL_ID, physicalId: CAMPAIGN_ID, status: 'DELETE_IN_PROGRESS' },
  ]);
  await expect(run(deleteEvent())).resolves.toEqual({});
  expect(overrideOf(CAMPAIGN_ID)).toEqual(OVERRIDE);
  expect(writes()).toBe(1);
});

test('a rollback Update to a campaign that is gone succeeds; the same Update outside a rollback fails', async () => {
  emulator.removeCampaign(CAMPAIGN_ID);
  stackIs('UPDATE_IN_PROGRESS');
  await expect(run(updateEvent(DELIVERED, PREVIOUS))).rejects.toThrow(`campaign ${CAMPAIGN_ID} was not found`);
  stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
  await expect(run(updateEvent(PREVIOUS, DELIVERED))).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
});

test('Create on a campaign that does not exist fails, naming it', async () => {
  emulator.removeCampaign(CAMPAIGN_ID);
  await expect(run(createEvent())).rejects.toThrow(`campaign ${CAMPAIGN_ID} was not found`);
});

test('a bad value that only appears at deploy time fails before any call', async () => {
  // e.g. a CfnParameter for the frequency, given 31 at deploy time.
  const bad = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '3', Frequency: '31', Unit: 'DAY' }] };
  await expect(run(createEvent(bad))).rejects.toThrow(
    'communicationLimits[0].frequency must be an integer from 1 to 30; got "31"',
  );
  expect(emulator.calls).toHaveLength(0);
});

test.each(['ThrottlingException', 'InternalServerException', 'ConflictException'] as const)(
  'retries %s and applies the limits',
  async (error) => {
    emulator.failNext({ error, operation: 'UpdateCampaignCommunicationLimits', count: 2 });
    await expect(run(createEvent())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(overrideOf(CAMPAIGN_ID)).toEqual(OVERRIDE);
    expect(writes()).toBe(3);
  },
);
