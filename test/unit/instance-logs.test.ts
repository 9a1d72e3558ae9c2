/**
 * The log line of each decision the instance resource takes (lambda/instance-lifecycle.ts): the only record, for an
 * operator, of why a request put, reset or left an instance's limits. The SDK clients are mocked.
 */
import { PutInstanceCommunicationLimitsCommand, ResourceNotFoundException } from '@aws-sdk/client-connectcampaignsv2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import 'aws-sdk-client-mock-jest';
import { InstanceNotFoundError } from '../../lambda/errors';
import { handler } from '../../lambda/on-event';
import { INSTANCE_RESOURCE_TYPE } from '../../lib/shared/contract';
import { createEvent, deleteEvent, lambdaContext, updateEvent } from '../support/cfn-events';
import { spyOnLogger } from '../support/logger-spies';
import { mockHandlerClients } from '../support/sdk-mocks';

const { campaigns, stackIs } = mockHandlerClients({ resourceType: INSTANCE_RESOURCE_TYPE });
const log = spyOnLogger();
const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const DELIVERED = {
  ConnectInstanceId: INSTANCE_ID,
  CommunicationLimits: [{ MaxCountPerRecipient: '5', Frequency: '7', Unit: 'DAY' }],
  RemovalPolicy: 'Destroy',
};
const CONFIG = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 5, frequency: 7, unit: 'DAY' }] },
};
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '9', Frequency: '30', Unit: 'DAY' }] };

const forInstance = <E extends CloudFormationCustomResourceEvent>(event: E): E => ({
  ...event,
  ResourceType: INSTANCE_RESOURCE_TYPE,
});
const notFound = () => new ResourceNotFoundException({ message: 'Instance not found', $metadata: {} });

beforeEach(() => {
  stackIs('CREATE_IN_PROGRESS');
  campaigns.on(PutInstanceCommunicationLimitsCommand).resolves({});
});

test('a put names the instance and the configuration', async () => {
  await handler(forInstance(createEvent({ ...DELIVERED })), lambdaContext());
  expect(log.info).toHaveBeenCalledWith('Put instance communication limits', {
    connectInstanceId: INSTANCE_ID,
    config: CONFIG,
  });
});

test('an Update that changes nothing says so', async () => {
  await handler(forInstance(updateEvent({ ...DELIVERED }, { ...DELIVERED }, INSTANCE_ID)), lambdaContext());
  expect(log.info).toHaveBeenCalledWith('Instance limits unchanged; no call to the service', {
    connectInstanceId: INSTANCE_ID,
  });
});

test('a rollback to an instance that is gone says that nothing was restored, and why', async () => {
  stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
  campaigns.on(PutInstanceCommunicationLimitsCommand).rejects(notFound());
  await handler(forInstance(updateEvent({ ...PREVIOUS }, { ...DELIVERED }, INSTANCE_ID)), lambdaContext());
  expect(log.warn).toHaveBeenCalledWith('Rolling back, but the instance is gone; nothing to restore', {
    connectInstanceId: INSTANCE_ID,
    error: expect.any(InstanceNotFoundError),
  });
});

test('a reset says so', async () => {
  await handler(forInstance(deleteEvent({ ...DELIVERED }, INSTANCE_ID)), lambdaContext());
  expect(log.info).toHaveBeenCalledWith('Reset the instance to no communication limits', {
    connectInstanceId: INSTANCE_ID,
  });
});

test('a Delete whose physical id is not an instance id, with no instance in its properties, names it', async () => {
  const noInstance = { ...DELIVERED, ConnectInstanceId: 'not an instance' };
  await handler(forInstance(deleteEvent(noInstance, 'not an instance either')), lambdaContext());
  expect(log.warn).toHaveBeenCalledWith('Physical id is not an instance id; nothing to reset', {
    physicalId: 'not an instance either',
  });
});

test("the provider framework's failed-Create marker is named", async () => {
  const marker = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
  await handler(forInstance(deleteEvent({ ...DELIVERED }, marker)), lambdaContext());
  expect(log.warn).toHaveBeenCalledWith('The Create failed before writing; nothing to reset', { physicalId: marker });
});

test("the Delete of a cancelled Create names CloudFormation's physical id and the instance it acts on", async () => {
  const generated = 'InstanceLimits-Limits1A2B3C4D-1A2B3C4D5E6F';
  await handler(forInstance(deleteEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }, generated)), lambdaContext());
  expect(log.warn).toHaveBeenCalledWith(
    "The physical id is not the instance of the resource: CloudFormation cancelled this resource's Create",
    { physicalId: generated, connectInstanceId: INSTANCE_ID },
  );
});

test('a Create that finds its stack rolling back says it resets the limits it put', async () => {
  stackIs('ROLLBACK_IN_PROGRESS');
  await handler(forInstance(createEvent({ ...DELIVERED })), lambdaContext());
  expect(log.warn).toHaveBeenCalledWith(
    'The stack is no longer creating this resource (its Create was cancelled); resetting the limits it put',
    { connectInstanceId: INSTANCE_ID, stackStatus: 'ROLLBACK_IN_PROGRESS' },
  );
  expect(log.info).toHaveBeenCalledWith('Reset the instance to no communication limits', {
    connectInstanceId: INSTANCE_ID,
  });
});

test('a Delete with Retain says the instance keeps its limits', async () => {
  await handler(forInstance(deleteEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }, INSTANCE_ID)), lambdaContext());
  expect(log.info).toHaveBeenCalledWith('Removal policy is Retain; the instance keeps its limits', {
    connectInstanceId: INSTANCE_ID,
  });
});

test('a Delete that leaves the instance to another resource names that resource', async () => {
  stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [{ LogicalResourceId: 'Renamed', PhysicalResourceId: INSTANCE_ID }]);
  await handler(forInstance(deleteEvent({ ...DELIVERED }, INSTANCE_ID)), lambdaContext());
  expect(log.info).toHaveBeenCalledWith('Another resource of the stack holds this instance now; its limits stay', {
    connectInstanceId: INSTANCE_ID,
    holder: 'Renamed',
  });
});

test('a Delete of an instance that is gone says there was nothing to reset', async () => {
  campaigns.on(PutInstanceCommunicationLimitsCommand).rejects(notFound());
  await handler(forInstance(deleteEvent({ ...DELIVERED }, INSTANCE_ID)), lambdaContext());
  expect(log.warn).toHaveBeenCalledWith('Instance no longer exists; nothing to reset', {
    connectInstanceId: INSTANCE_ID,
  });
});
