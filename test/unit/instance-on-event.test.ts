/**
 * The handler's instance resource (`Custom::ConnectInstanceCommunicationLimits`) against a mocked SDK client
 * (aws-sdk-client-mock): every lifecycle case, with the properties as CloudFormation delivers them (strings). Each
 * stub accepts only the exact expected input.
 */
import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  PutInstanceCommunicationLimitsCommand,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateCampaignCommunicationLimitsCommand,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../lambda/on-event';
import { INSTANCE_RESOURCE_TYPE, type DeliveredInstanceResourceProperties } from '../../lib/shared/contract';
import { COMMON_LOGICAL_ID, createEvent, deleteEvent, lambdaContext, updateEvent } from '../support/cfn-events';
import { mockHandlerClients } from '../support/sdk-mocks';

const meta = { $metadata: {} };
const STACK_ID = createEvent().StackId;
/** `stackIs`: the stack as CloudFormation reports it to reads of STACK_ID, its resources of the instance type. */
const { campaigns, stacks, stackIs } = mockHandlerClients({ resourceType: INSTANCE_RESOURCE_TYPE, stackId: STACK_ID });

const INSTANCE_ID = 'a1b2c3d4-5678-90ab-cdef-111111111111';
const OTHER_INSTANCE_ID = 'b2c3d4e5-5678-90ab-cdef-222222222222';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`;

const DELIVERED: DeliveredInstanceResourceProperties = {
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
      { maxCountPerRecipient: 5, frequency: 7, unit: 'DAY' as const },
      { maxCountPerRecipient: 2, frequency: 1, unit: 'DAY' as const },
    ],
  },
};
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '9', Frequency: '30', Unit: 'DAY' }] };
const PREVIOUS_CONFIG = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 9, frequency: 30, unit: 'DAY' as const }] },
};
const PUT_INPUT = { connectInstanceId: INSTANCE_ID, communicationLimitsConfig: CONFIG };
const RESET_INPUT = { connectInstanceId: INSTANCE_ID, communicationLimitsConfig: {} };

function forInstance<E extends CloudFormationCustomResourceEvent>(event: E): E {
  return { ...event, ResourceType: INSTANCE_RESOURCE_TYPE };
}
const create = (properties: object = DELIVERED) => forInstance(createEvent({ ...properties }));
const update = (properties: object, old: object, physicalId = INSTANCE_ID) =>
  forInstance(updateEvent({ ...properties }, { ...old }, physicalId));
const remove = (properties: object = DELIVERED, physicalId = INSTANCE_ID) =>
  forInstance(deleteEvent({ ...properties }, physicalId));

const notFound = () => new ResourceNotFoundException({ message: 'Instance not found', ...meta });

beforeEach(() => {
  stackIs('CREATE_IN_PROGRESS');
});

describe('Create', () => {
  test('puts the stringified limits as integers and returns the instance id as physical id', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, PUT_INPUT, true).resolves({});
    await expect(handler(create(), lambdaContext())).resolves.toEqual({
      PhysicalResourceId: INSTANCE_ID,
      Data: { ConnectInstanceId: INSTANCE_ID },
    });
    expect(campaigns).toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, PUT_INPUT);
    expect(campaigns.calls()).toHaveLength(1);
    expect(campaigns).not.toHaveReceivedCommand(UpdateCampaignCommunicationLimitsCommand);
  });

  test('an instance ARN delivered by a token is reduced to its id, which becomes the physical id', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, PUT_INPUT, true).resolves({});
    await expect(handler(create({ ...DELIVERED, ConnectInstanceId: INSTANCE_ARN }), lambdaContext())).resolves.toEqual({
      PhysicalResourceId: INSTANCE_ID,
      Data: { ConnectInstanceId: INSTANCE_ID },
    });
    expect(campaigns).toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, PUT_INPUT);
  });

  test.each([
    [
      'an out-of-range frequency',
      { CommunicationLimits: [{ MaxCountPerRecipient: '3', Frequency: '31', Unit: 'DAY' }] },
      'communicationLimits[0].frequency must be an integer from 1 to 30; got "31"',
    ],
    ['no limits', { CommunicationLimits: [] }, 'communicationLimits.length must be 1 or 2; got 0'],
    [
      'three limits',
      { CommunicationLimits: Array(3).fill({ MaxCountPerRecipient: '1', Frequency: '1', Unit: 'DAY' }) },
      'communicationLimits.length must be 1 or 2; got 3',
    ],
    [
      'a bad instance id',
      { ConnectInstanceId: 'not an id' },
      `connectInstanceId must be an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'; got "not an id"`,
    ],
    [
      'a campaign ARN for an instance',
      { ConnectInstanceId: 'arn:aws:connect-campaigns:us-east-1:123456789012:campaign/c-1' },
      'connectInstanceId must be an instance id or an instance ARN',
    ],
    [
      'an instance ARN of another region than the stack',
      { ConnectInstanceId: 'arn:aws:connect:eu-west-2:123456789012:instance/i-1' },
      "connectInstanceId must be the ARN of an instance in the stack's account 123456789012 and region us-east-1",
    ],
    [
      'an instance ARN of another partition than the stack',
      { ConnectInstanceId: 'arn:aws-cn:connect:us-east-1:123456789012:instance/i-1' },
      "connectInstanceId must be the ARN of an instance in the stack's partition aws, account 123456789012 and region " +
        'us-east-1',
    ],
    [
      'several bad values: every one is named, one line each',
      {
        ConnectInstanceId: 'not an id',
        CommunicationLimits: [{ MaxCountPerRecipient: '0', Frequency: '31', Unit: 'DAY' }],
      },
      [
        `connectInstanceId must be an instance id made of a-z, A-Z, 0-9, '-', '_' and '.'; got "not an id"`,
        'communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got "0"',
        'communicationLimits[0].frequency must be an integer from 1 to 30; got "31"',
      ].join('\n'),
    ],
    [
      'a bad removal policy',
      { RemovalPolicy: 'Snapshot' },
      'removalPolicy must be one of Destroy, Retain; got "Snapshot"',
    ],
  ])('rejects %s before any call, naming the field and the value', async (_what, change, message) => {
    await expect(handler(create({ ...DELIVERED, ...change }), lambdaContext())).rejects.toThrow(message);
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('an instance that does not exist or is not set up for outbound campaigns: a short message saying what to do', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, PUT_INPUT, true).rejects(notFound());
    await expect(handler(create(), lambdaContext())).rejects.toThrow(
      `PutInstanceCommunicationLimits: Amazon Connect instance ${INSTANCE_ID} was not found in this account and ` +
        'region, or is not set up for outbound campaigns; check the instance id, and enable outbound campaigns on ' +
        'the instance in the Amazon Connect console (ResourceNotFoundException: Instance not found)',
    );
    expect(campaigns.calls()).toHaveLength(1);
  });
});

describe('Update', () => {
  test('puts a change of limits and keeps the physical id', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, PUT_INPUT, true).resolves({});
    await expect(handler(update(DELIVERED, PREVIOUS), lambdaContext())).resolves.toEqual({
      PhysicalResourceId: INSTANCE_ID,
      Data: { ConnectInstanceId: INSTANCE_ID },
    });
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
  });

  test('makes no call when only the removal policy, or the order of the limits, changed', async () => {
    const reordered = { ...DELIVERED, CommunicationLimits: [...DELIVERED.CommunicationLimits].reverse() };
    await handler(update({ ...reordered, RemovalPolicy: 'Retain' }, DELIVERED), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('an id changed to its ARN is no change', async () => {
    await handler(update({ ...DELIVERED, ConnectInstanceId: INSTANCE_ARN }, DELIVERED), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('another instance: puts there and returns its id, a replacement', async () => {
    const input = { connectInstanceId: OTHER_INSTANCE_ID, communicationLimitsConfig: CONFIG };
    campaigns.on(PutInstanceCommunicationLimitsCommand, input, true).resolves({});
    await expect(
      handler(update({ ...DELIVERED, ConnectInstanceId: OTHER_INSTANCE_ID }, DELIVERED), lambdaContext()),
    ).resolves.toMatchObject({ PhysicalResourceId: OTHER_INSTANCE_ID });
    expect(campaigns).toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, input);
    expect(campaigns.calls()).toHaveLength(1);
  });

  test('a rollback Update puts the previous limits back', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    const input = { connectInstanceId: INSTANCE_ID, communicationLimitsConfig: PREVIOUS_CONFIG };
    campaigns.on(PutInstanceCommunicationLimitsCommand, input, true).resolves({});
    await handler(update(PREVIOUS, DELIVERED), lambdaContext());
    expect(campaigns).toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, input);
  });

  test('a rollback Update to an instance that is gone succeeds: nothing to restore, no UPDATE_ROLLBACK_FAILED', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    campaigns.on(PutInstanceCommunicationLimitsCommand).rejects(notFound());
    await expect(handler(update(PREVIOUS, DELIVERED), lambdaContext())).resolves.toMatchObject({
      PhysicalResourceId: INSTANCE_ID,
    });
  });

  test('the same failure outside a rollback fails the Update', async () => {
    stackIs('UPDATE_IN_PROGRESS');
    campaigns.on(PutInstanceCommunicationLimitsCommand).rejects(notFound());
    await expect(handler(update(DELIVERED, PREVIOUS), lambdaContext())).rejects.toThrow(
      `Amazon Connect instance ${INSTANCE_ID} was not found`,
    );
  });

  test('old properties that were not valid are no reason to skip: the new limits are put', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, PUT_INPUT, true).resolves({});
    await expect(
      handler(update(DELIVERED, { ...DELIVERED, CommunicationLimits: 'garbage' }), lambdaContext()),
    ).resolves.toMatchObject({ PhysicalResourceId: INSTANCE_ID });
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
  });

  test('a rollback Update that fails for another reason than a missing instance fails', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    campaigns
      .on(PutInstanceCommunicationLimitsCommand)
      .rejects(new ValidationException({ message: 'Invalid', ...meta }));
    await expect(handler(update(PREVIOUS, DELIVERED), lambdaContext())).rejects.toThrow(
      `PutInstanceCommunicationLimits failed for Amazon Connect instance ${INSTANCE_ID}: ValidationException: Invalid`,
    );
  });

  test('a bad new value fails before any call even when the old properties were fine', async () => {
    const bad = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '0', Frequency: '7', Unit: 'DAY' }] };
    await expect(handler(update(bad, DELIVERED), lambdaContext())).rejects.toThrow(
      'communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got "0"',
    );
    expect(campaigns.calls()).toHaveLength(0);
  });
});

describe('Delete', () => {
  beforeEach(() => stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));

  test('resets the instance with an empty configuration (there is no delete operation)', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    await expect(handler(remove(), lambdaContext())).resolves.toEqual({});
    expect(campaigns).toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, RESET_INPUT);
    expect(campaigns.calls()).toHaveLength(1);
  });

  test('the Delete after a replacement resets the old instance, by physical id', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    await handler(remove({ ...DELIVERED, ConnectInstanceId: INSTANCE_ARN }, INSTANCE_ID), lambdaContext());
    expect(campaigns).toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, RESET_INPUT);
  });

  test('with Retain leaves the instance alone', async () => {
    await handler(remove({ ...DELIVERED, RemovalPolicy: 'Retain' }), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('succeeds when the instance no longer exists', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).rejects(notFound());
    await expect(handler(remove(), lambdaContext())).resolves.toEqual({});
  });

  test("defensive: makes no call for the provider framework's failed-Create marker (it answers that Delete itself)", async () => {
    const marker = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
    await expect(handler(remove(DELIVERED, marker), lambdaContext())).resolves.toEqual({});
    expect(campaigns.calls()).toHaveLength(0);
  });

  test.each([INSTANCE_ARN, 'req-1 with spaces'])(
    'makes no call for a physical id that is not an instance id (%s) when the properties name no valid instance',
    async (physicalId) => {
      await expect(
        handler(remove({ ...DELIVERED, ConnectInstanceId: 'not an instance' }, physicalId), lambdaContext()),
      ).resolves.toEqual({});
      expect(campaigns.calls()).toHaveLength(0);
    },
  );

  test('ignores limits it does not need: a Delete never fails on them', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    await handler(remove({ ...DELIVERED, CommunicationLimits: 'garbage' }), lambdaContext());
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
  });

  test("a renamed construct: the old resource's Delete leaves the instance to its new owner", async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [{ LogicalResourceId: 'Renamed', PhysicalResourceId: INSTANCE_ID }]);
    await handler(remove(), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('the resource being deleted is not its own holder, whatever its status reads', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
      { LogicalResourceId: COMMON_LOGICAL_ID, PhysicalResourceId: INSTANCE_ID, ResourceStatus: 'UPDATE_COMPLETE' },
    ]);
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    await handler(remove(), lambdaContext());
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
  });

  test('a resource of the stack on another instance is no holder of this one', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
      { LogicalResourceId: 'Renamed', PhysicalResourceId: OTHER_INSTANCE_ID, ResourceStatus: 'CREATE_COMPLETE' },
    ]);
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    await handler(remove(), lambdaContext());
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
  });

  test('a campaign resource with the same physical id is no holder of the instance', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
      {
        LogicalResourceId: 'Campaign',
        PhysicalResourceId: INSTANCE_ID,
        ResourceType: 'Custom::ConnectCampaignCommunicationLimits',
      },
    ]);
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    await handler(remove(), lambdaContext());
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
  });

  test("while the whole stack is deleted, no holder is looked for: the only read is the crowd's", async () => {
    stackIs('DELETE_IN_PROGRESS', [{ LogicalResourceId: 'Renamed', PhysicalResourceId: INSTANCE_ID }]);
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    await handler(remove(), lambdaContext());
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 1);
  });

  test('fails on access denied once the grace for IAM propagation is over', async () => {
    campaigns
      .on(PutInstanceCommunicationLimitsCommand)
      .rejects(new AccessDeniedException({ message: 'User is not authorized', ...meta }));
    // 16 s left, 15 s kept back to answer: about a second of retries.
    await expect(handler(remove(), lambdaContext(16_000))).rejects.toThrow(
      new RegExp(
        `^PutInstanceCommunicationLimits failed for Amazon Connect instance ${INSTANCE_ID} after \\d+ attempts: ` +
          'AccessDeniedException: User is not authorized$',
      ),
    );
  });
});

describe('a cancelled create (a sibling failed while it ran; aws/aws-cdk#26139)', () => {
  // CloudFormation's own physical id for the cancelled resource: it matches the instance id pattern.
  const GENERATED = 'InstanceLimits-Limits1A2B3C4D-1A2B3C4D5E6F';
  const resets = () =>
    campaigns
      .commandCalls(PutInstanceCommunicationLimitsCommand)
      .filter((call) => Object.keys(call.args[0].input.communicationLimitsConfig ?? {}).length === 0).length;

  test('its Delete resets the instance of its properties, then again once a put in flight has landed', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    jest.useFakeTimers();
    try {
      const done = handler(remove(DELIVERED, GENERATED), lambdaContext());
      await jest.advanceTimersByTimeAsync(14_000);
      expect(resets()).toBe(1);
      await jest.advanceTimersByTimeAsync(1_000);
      await expect(done).resolves.toEqual({});
      expect(resets()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
    // The instance of the properties, never CloudFormation's id.
    expect(campaigns).not.toHaveReceivedCommandWith(PutInstanceCommunicationLimitsCommand, {
      connectInstanceId: GENERATED,
    });
  });

  test('its Delete resets the instance given by ARN in its properties', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).resolves({});
    jest.useFakeTimers();
    try {
      const done = handler(remove({ ...DELIVERED, ConnectInstanceId: INSTANCE_ARN }, GENERATED), lambdaContext());
      await jest.advanceTimersByTimeAsync(15_000);
      await done;
    } finally {
      jest.useRealTimers();
    }
    expect(resets()).toBe(2);
  });

  test('its Delete leaves the instance to another resource of the stack that holds it', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS', [{ LogicalResourceId: 'Old', PhysicalResourceId: INSTANCE_ID }]);
    await expect(handler(remove(DELIVERED, GENERATED), lambdaContext())).resolves.toEqual({});
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('its Delete with Retain leaves the instance alone', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    await handler(remove({ ...DELIVERED, RemovalPolicy: 'Retain' }, GENERATED), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('its Delete on an instance that is gone succeeds at once: nothing to reset', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    campaigns.on(PutInstanceCommunicationLimitsCommand, RESET_INPUT, true).rejects(notFound());
    await expect(handler(remove(DELIVERED, GENERATED), lambdaContext())).resolves.toEqual({});
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 1);
  });

  test.each(['ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_IN_PROGRESS', 'DELETE_IN_PROGRESS'])(
    'a Create that finds the stack %s after its put resets the instance',
    async (status) => {
      stackIs(status);
      campaigns.on(PutInstanceCommunicationLimitsCommand).resolves({});
      await expect(handler(create(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: INSTANCE_ID });
      expect(campaigns.commandCalls(PutInstanceCommunicationLimitsCommand).map((call) => call.args[0].input)).toEqual([
        PUT_INPUT,
        RESET_INPUT,
      ]);
    },
  );

  test.each(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'])(
    'a Create that finds the stack %s keeps its put',
    async (status) => {
      stackIs(status);
      campaigns.on(PutInstanceCommunicationLimitsCommand).resolves({});
      await handler(create(), lambdaContext());
      expect(resets()).toBe(0);
    },
  );

  test('a cancelled Create keeps its put with Retain, or when another resource of the stack holds the instance', async () => {
    campaigns.on(PutInstanceCommunicationLimitsCommand).resolves({});
    stackIs('ROLLBACK_IN_PROGRESS');
    await handler(create({ ...DELIVERED, RemovalPolicy: 'Retain' }), lambdaContext());
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS', [{ LogicalResourceId: 'Old', PhysicalResourceId: INSTANCE_ID }]);
    await handler(create(), lambdaContext());
    expect(resets()).toBe(0);
  });

  test('a Create that cannot read its stack keeps its put', async () => {
    stacks.on(DescribeStacksCommand).rejects(Object.assign(new Error('not allowed'), { name: 'ValidationError' }));
    campaigns.on(PutInstanceCommunicationLimitsCommand).resolves({});
    await expect(handler(create(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: INSTANCE_ID });
    expect(resets()).toBe(0);
  });
});

describe('retries, as for campaigns', () => {
  test.each([
    ['throttling', () => new ThrottlingException({ message: 'Rate exceeded', ...meta })],
    ['a conflict', () => new ConflictException({ message: 'Conflict', ...meta })],
    ['a server error', () => new InternalServerException({ message: 'Internal error', ...meta })],
  ])('retries %s, then succeeds', async (_what, error) => {
    campaigns
      .on(PutInstanceCommunicationLimitsCommand, PUT_INPUT, true)
      .rejectsOnce(error())
      .rejectsOnce(error())
      .resolves({});
    await expect(handler(create(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: INSTANCE_ID });
    expect(campaigns).toHaveReceivedCommandTimes(PutInstanceCommunicationLimitsCommand, 3);
  });

  test('does not retry a validation error', async () => {
    campaigns
      .on(PutInstanceCommunicationLimitsCommand)
      .rejects(new ValidationException({ message: 'Invalid', ...meta }));
    await expect(handler(create(), lambdaContext())).rejects.toThrow(
      `PutInstanceCommunicationLimits failed for Amazon Connect instance ${INSTANCE_ID}: ValidationException: Invalid`,
    );
    expect(campaigns.calls()).toHaveLength(1);
  });

  test('gives up before the Lambda times out, saying how often it tried', async () => {
    campaigns
      .on(PutInstanceCommunicationLimitsCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }));
    await expect(handler(create(), lambdaContext(16_000))).rejects.toThrow(
      new RegExp(
        `^PutInstanceCommunicationLimits failed for Amazon Connect instance ${INSTANCE_ID} after \\d+ attempts: ThrottlingException: Rate exceeded$`,
      ),
    );
  });
});
