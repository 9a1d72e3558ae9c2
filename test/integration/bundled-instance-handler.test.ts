/**
 * The bundled handler (assets/on-event/index.js, exactly what is deployed) on the instance resource type, with its own
 * SDK client, talking HTTP to the loopback emulator (which knows two instances set up for outbound campaigns) and to
 * the runner's CloudFormation API. Events are CloudFormation-shaped: every property value a string.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { INSTANCE_RESOURCE_TYPE } from '../../lib/shared/contract';
import { ConnectCampaignsEmulator, startEmulator } from '../../tools/emulator';
import { CloudFormationApi, LiveResource, LiveStack, LiveStackStatus } from '../../tools/local-cloudformation';
import { BundledHandler } from '../support/bundled-handler';
import { COMMON_LOGICAL_ID, createEvent, deleteEvent, updateEvent } from '../support/cfn-events';

const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const OTHER_INSTANCE_ID = 'b2c3d4e5-5678-90ab-cdef-222222222222';
const DELIVERED = {
  ConnectInstanceId: INSTANCE_ID,
  CommunicationLimits: [
    { MaxCountPerRecipient: '5', Frequency: '7', Unit: 'DAY' },
    { MaxCountPerRecipient: '2', Frequency: '1', Unit: 'DAY' },
  ],
  RemovalPolicy: 'Destroy',
};
const CONFIG = {
  allChannelSubtypes: {
    communicationLimitsList: [
      { maxCountPerRecipient: 5, frequency: 7, unit: 'DAY' },
      { maxCountPerRecipient: 2, frequency: 1, unit: 'DAY' },
    ],
  },
};
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '9', Frequency: '30', Unit: 'DAY' }] };

let emulator: ConnectCampaignsEmulator;
let handler: BundledHandler;
let cloudFormation: CloudFormationApi;

let stack: LiveStack;
function stackIs(status: LiveStackStatus, resources: Partial<LiveResource>[] = []): void {
  stack = {
    stackName: 'InstanceLimits',
    stackId: createEvent().StackId,
    status,
    creationTime: new Date(),
    resources: resources.map((r) => ({
      logicalId: COMMON_LOGICAL_ID,
      type: INSTANCE_RESOURCE_TYPE,
      status: 'UPDATE_COMPLETE',
      lastUpdated: new Date(),
      ...r,
    })),
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ instances: [INSTANCE_ID, OTHER_INSTANCE_ID] });
  cloudFormation = await CloudFormationApi.start(() => [stack]);
  handler = new BundledHandler({
    AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
});

afterAll(async () => {
  handler.stop();
  await cloudFormation.close();
  await emulator.close();
});

beforeEach(() => {
  for (const id of [INSTANCE_ID, OTHER_INSTANCE_ID]) {
    emulator.removeInstance(id);
    emulator.addInstance(id);
  }
  emulator.clearFailNext();
  emulator.resetCalls();
  // What a Create sees: the stack still creating (a Create that finds it rolling back resets what it put).
  stackIs('CREATE_IN_PROGRESS');
});

function forInstance<E extends CloudFormationCustomResourceEvent>(event: E): E {
  return { ...event, ResourceType: INSTANCE_RESOURCE_TYPE };
}
const run = (event: CloudFormationCustomResourceEvent) => handler.invoke(forInstance(event));
const limitsOf = (id: string) => emulator.getInstanceCommunicationLimits(id);
const puts = () => emulator.countCalls({ operation: 'PutInstanceCommunicationLimits' });

test('create puts the limits; the instance id is the physical id', async () => {
  await expect(run(createEvent(DELIVERED))).resolves.toEqual({
    PhysicalResourceId: INSTANCE_ID,
    Data: { ConnectInstanceId: INSTANCE_ID },
  });
  expect(limitsOf(INSTANCE_ID)).toEqual(CONFIG);
});

test('a create that finds its stack rolling back after its put resets the instance (a cancelled create)', async () => {
  stackIs('ROLLBACK_IN_PROGRESS');
  await run(createEvent(DELIVERED));
  expect(puts()).toBe(2);
  expect(limitsOf(INSTANCE_ID)).toEqual({});
});

test('an unchanged update makes no call; a change puts the new limits', async () => {
  await run(createEvent(PREVIOUS));
  emulator.resetCalls();
  await run(updateEvent({ ...PREVIOUS, RemovalPolicy: 'Retain' }, PREVIOUS, INSTANCE_ID));
  expect(emulator.calls).toHaveLength(0);
  await run(updateEvent(DELIVERED, PREVIOUS, INSTANCE_ID));
  expect(limitsOf(INSTANCE_ID)).toEqual(CONFIG);
});

test('replacement: another instance gets the limits, and the cleanup Delete resets the old one', async () => {
  await run(createEvent(DELIVERED));
  const moved = { ...DELIVERED, ConnectInstanceId: OTHER_INSTANCE_ID };
  await expect(run(updateEvent(moved, DELIVERED, INSTANCE_ID))).resolves.toMatchObject({
    PhysicalResourceId: OTHER_INSTANCE_ID,
  });
  stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [{ physicalId: OTHER_INSTANCE_ID }]);
  await run(deleteEvent(DELIVERED, INSTANCE_ID));
  expect(limitsOf(OTHER_INSTANCE_ID)).toEqual(CONFIG);
  expect(limitsOf(INSTANCE_ID)).toEqual({});
});

test('delete resets to an empty configuration, which Get then returns', async () => {
  await run(createEvent(DELIVERED));
  await run(deleteEvent(DELIVERED, INSTANCE_ID));
  expect(limitsOf(INSTANCE_ID)).toEqual({});
  expect(emulator.calls.at(-1)).toMatchObject({ operation: 'PutInstanceCommunicationLimits', status: 200 });
});

test('a renamed construct: the old resource leaves the instance to the new one, which has just put its limits', async () => {
  await run(createEvent(DELIVERED));
  stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [{ logicalId: 'RenamedLimits', physicalId: INSTANCE_ID }]);
  emulator.resetCalls();
  await run(deleteEvent(DELIVERED, INSTANCE_ID));
  expect(puts()).toBe(0);
  expect(limitsOf(INSTANCE_ID)).toEqual(CONFIG);
});

test('an instance that is not set up: a short message naming it; its Delete succeeds', async () => {
  emulator.removeInstance(INSTANCE_ID);
  await expect(run(createEvent(DELIVERED))).rejects.toThrow(
    `PutInstanceCommunicationLimits: Amazon Connect instance ${INSTANCE_ID} was not found in this account and region, ` +
      'or is not set up for outbound campaigns',
  );
  await expect(run(deleteEvent(DELIVERED, INSTANCE_ID))).resolves.toEqual({});
});

test('throttling and conflicts are retried', async () => {
  emulator.failNext({ error: 'ThrottlingException', operation: 'PutInstanceCommunicationLimits', count: 2 });
  emulator.failNext({ error: 'ConflictException', operation: 'PutInstanceCommunicationLimits' });
  await run(createEvent(DELIVERED));
  expect(puts()).toBe(4);
  expect(limitsOf(INSTANCE_ID)).toEqual(CONFIG);
});

test('a bad value fails before any call, naming the field and the value', async () => {
  const bad = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '3', Frequency: '31', Unit: 'DAY' }] };
  await expect(run(createEvent(bad))).rejects.toThrow(
    'communicationLimits[0].frequency must be an integer from 1 to 30; got "31"',
  );
  expect(emulator.calls).toHaveLength(0);
});
