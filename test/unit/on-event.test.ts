/**
 * The handler against a mocked SDK client (aws-sdk-client-mock): every lifecycle case, with the properties as
 * CloudFormation delivers them (strings). Each stub accepts only the exact expected input.
 */
import {
  AccessDeniedException,
  ConflictException,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  InternalServerException,
  InvalidCampaignStateException,
  ResourceNotFoundException,
  TagResourceCommand,
  ThrottlingException,
  UntagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import 'aws-sdk-client-mock-jest';
import { logger } from '../../lambda/logger';
import { handler } from '../../lambda/on-event';
import {
  CAMPAIGN_ARN,
  CAMPAIGN_ID,
  COMMON_LOGICAL_ID,
  createEvent,
  deleteEvent,
  DELIVERED,
  lambdaContext,
  OTHER_CAMPAIGN_ID,
  OVERRIDE,
  updateEvent,
} from '../support/cfn-events';
import { mockHandlerClients } from '../support/sdk-mocks';

const meta = { $metadata: {} };
const STACK_ID = createEvent().StackId;
/** The stack as CloudFormation reports it (`stackIs`, reads of STACK_ID only), and the campaign (`campaignHas`). */
const { campaigns, stacks, stackIs, campaignHas } = mockHandlerClients({ stackId: STACK_ID });

const UPDATE_INPUT = { id: CAMPAIGN_ID, communicationLimitsOverride: OVERRIDE };
const DELETE_INPUT = { id: CAMPAIGN_ID, config: 'ALL_CHANNEL_SUBTYPES' as const };
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '5', Frequency: '30', Unit: 'DAY' }] };
const PREVIOUS_OVERRIDE = {
  allChannelSubtypes: { communicationLimitsList: [{ maxCountPerRecipient: 5, frequency: 30, unit: 'DAY' as const }] },
  instanceLimitsHandling: 'OPT_IN' as const,
};

function invalidState(state: 'Running' | 'Paused' | 'Completed') {
  return new InvalidCampaignStateException({ message: 'Invalid campaign state', state, ...meta });
}

beforeEach(() => {
  stackIs('CREATE_IN_PROGRESS');
  campaignHas();
  campaigns.on(TagResourceCommand).resolves({});
  campaigns.on(UntagResourceCommand).resolves({});
});

/** The campaign commands sent, by name, in order (the reads and tag writes of the ownership check included). */
const sent = () => campaigns.calls().map((call) => call.args[0].constructor.name.replace(/Command$/, ''));
/** The limit writes sent (Update and Delete), in order. */
const writes = () => sent().filter((name) => name.endsWith('CampaignCommunicationLimits'));

describe('Create', () => {
  test('applies the stringified limits as integers and returns the campaign id as physical id', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
    await expect(handler(createEvent(), lambdaContext())).resolves.toEqual({
      PhysicalResourceId: CAMPAIGN_ID,
      Data: { CampaignId: CAMPAIGN_ID },
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
    // Read first (is the campaign another stack's?), write, then record this resource as its owner.
    expect(sent()).toEqual(['DescribeCampaign', 'UpdateCampaignCommunicationLimits', 'TagResource']);
  });

  test('sends only instanceLimitsHandling when there are no frequency caps', async () => {
    const input = { id: CAMPAIGN_ID, communicationLimitsOverride: { instanceLimitsHandling: 'OPT_OUT' as const } };
    campaigns.on(UpdateCampaignCommunicationLimitsCommand, input, true).resolves({});
    const { CommunicationLimits: _none, ...rest } = DELIVERED;
    await handler(createEvent({ ...rest, InstanceLimitsHandling: 'OPT_OUT' }), lambdaContext());
    expect(campaigns).toHaveReceivedCommandWith(UpdateCampaignCommunicationLimitsCommand, input);
  });

  test.each([
    [
      'an out-of-range frequency',
      { CommunicationLimits: [{ MaxCountPerRecipient: '3', Frequency: '31', Unit: 'DAY' }] },
      'communicationLimits[0].frequency must be an integer from 1 to 30; got "31"',
    ],
    [
      'a fractional count',
      { CommunicationLimits: [{ MaxCountPerRecipient: '2.5', Frequency: '7', Unit: 'DAY' }] },
      'communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got "2.5"',
    ],
    [
      'an empty number',
      { CommunicationLimits: [{ MaxCountPerRecipient: '', Frequency: '7', Unit: 'DAY' }] },
      'communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got ""',
    ],
    [
      'an unknown unit',
      { CommunicationLimits: [{ MaxCountPerRecipient: '3', Frequency: '7', Unit: 'WEEK' }] },
      'communicationLimits[0].unit must be one of DAY; got "WEEK"',
    ],
    [
      'three limits',
      { CommunicationLimits: [1, 2, 3].map((n) => ({ MaxCountPerRecipient: `${n}`, Frequency: '7', Unit: 'DAY' })) },
      'communicationLimits.length must be at most 2; got 3',
    ],
    [
      'a bad instanceLimitsHandling',
      { InstanceLimitsHandling: 'true' },
      'instanceLimitsHandling must be one of OPT_IN, OPT_OUT; got "true"',
    ],
    [
      'a bad campaign id',
      { CampaignId: 'not a campaign' },
      `campaignId must be a campaign id made of a-z, A-Z, 0-9, '-', ':' and '/'; got "not a campaign"`,
    ],
  ])('rejects %s before any call, naming the field and the value', async (_what, change, message) => {
    await expect(handler(createEvent({ ...DELIVERED, ...change }), lambdaContext())).rejects.toThrow(message);
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('fails with a message naming the campaign when it does not exist', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new ResourceNotFoundException({ message: 'Resource not found', ...meta }));
    await expect(handler(createEvent(), lambdaContext())).rejects.toThrow(
      `UpdateCampaignCommunicationLimits: campaign ${CAMPAIGN_ID} was not found in this account and region`,
    );
  });

  test('succeeds on a running campaign that already has the requested limits', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(invalidState('Running'));
    campaigns
      .on(DescribeCampaignCommand, { id: CAMPAIGN_ID }, true)
      .resolves({ campaign: { communicationLimitsOverride: OVERRIDE } as never });
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
  });
});

describe('Update', () => {
  test('applies a change of limits and keeps the physical id', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
    await expect(handler(updateEvent(DELIVERED, PREVIOUS), lambdaContext())).resolves.toMatchObject({
      PhysicalResourceId: CAMPAIGN_ID,
    });
    expect(campaigns.calls()).toHaveLength(1);
  });

  test('makes no call when only the removal policy changed', async () => {
    await expect(
      handler(updateEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }, DELIVERED), lambdaContext()),
    ).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('a limit order change is no change', async () => {
    const reordered = { ...DELIVERED, CommunicationLimits: [...DELIVERED.CommunicationLimits!].reverse() };
    await handler(updateEvent(reordered, DELIVERED), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('pointing at another campaign applies there and returns its id: a replacement', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand, { ...UPDATE_INPUT, id: OTHER_CAMPAIGN_ID }, true)
      .resolves({});
    await expect(
      handler(updateEvent({ ...DELIVERED, CampaignId: OTHER_CAMPAIGN_ID }, DELIVERED), lambdaContext()),
    ).resolves.toEqual({ PhysicalResourceId: OTHER_CAMPAIGN_ID, Data: { CampaignId: OTHER_CAMPAIGN_ID } });
  });

  test('rollback Update on a running campaign that still has the previous limits succeeds', async () => {
    // The failed update asked for DELIVERED; CloudFormation rolls back to PREVIOUS, which the campaign still has.
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(invalidState('Running'));
    campaigns
      .on(DescribeCampaignCommand, { id: CAMPAIGN_ID }, true)
      .resolves({ campaign: { communicationLimitsOverride: PREVIOUS_OVERRIDE } as never });
    await expect(handler(updateEvent(PREVIOUS, DELIVERED), lambdaContext())).resolves.toMatchObject({
      PhysicalResourceId: CAMPAIGN_ID,
    });
    expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
  });

  test('a real change on a running campaign fails at once, naming the campaign, its state and why', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(invalidState('Running'));
    campaigns
      .on(DescribeCampaignCommand)
      .resolves({ campaign: { communicationLimitsOverride: PREVIOUS_OVERRIDE } as never });
    await expect(handler(updateEvent(DELIVERED, PREVIOUS), lambdaContext())).rejects.toThrow(
      `Campaign ${CAMPAIGN_ID} is Running: Connect accepts communication limit changes only while a campaign is Initialized`,
    );
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
  });

  test('an unset instanceLimitsHandling matches whatever the campaign has', async () => {
    const { InstanceLimitsHandling: _unset, ...withoutHandling } = PREVIOUS;
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(invalidState('Paused'));
    campaigns
      .on(DescribeCampaignCommand)
      .resolves({ campaign: { communicationLimitsOverride: PREVIOUS_OVERRIDE } as never });
    await expect(handler(updateEvent(withoutHandling, DELIVERED), lambdaContext())).resolves.toMatchObject({
      PhysicalResourceId: CAMPAIGN_ID,
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
  });

  test('a rollback Update to a campaign that is gone succeeds: nothing to restore, and no UPDATE_ROLLBACK_FAILED', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new ResourceNotFoundException({ message: 'Resource not found', ...meta }));
    await expect(handler(updateEvent(PREVIOUS, DELIVERED), lambdaContext())).resolves.toMatchObject({
      PhysicalResourceId: CAMPAIGN_ID,
    });
  });

  test('a rollback Update to a running campaign whose limits were changed meanwhile succeeds, leaving them', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(invalidState('Running'));
    campaigns.on(DescribeCampaignCommand).resolves({ campaign: { communicationLimitsOverride: OVERRIDE } as never });
    await expect(handler(updateEvent(PREVIOUS, DELIVERED), lambdaContext())).resolves.toMatchObject({
      PhysicalResourceId: CAMPAIGN_ID,
    });
  });

  test('the same failure outside a rollback fails the Update', async () => {
    stackIs('UPDATE_IN_PROGRESS');
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new ResourceNotFoundException({ message: 'Resource not found', ...meta }));
    await expect(handler(updateEvent(DELIVERED, PREVIOUS), lambdaContext())).rejects.toThrow(
      `campaign ${CAMPAIGN_ID} was not found in this account and region`,
    );
  });

  test('a bad new value fails before any call even when the old properties were fine', async () => {
    const bad = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '3', Frequency: '0', Unit: 'DAY' }] };
    await expect(handler(updateEvent(bad, DELIVERED), lambdaContext())).rejects.toThrow(
      'communicationLimits[0].frequency must be an integer from 1 to 30; got "0"',
    );
    expect(campaigns.calls()).toHaveLength(0);
  });
});

describe('Delete', () => {
  beforeEach(() => stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));

  test('removes the override', async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(campaigns).toHaveReceivedCommandTimes(DeleteCampaignCommunicationLimitsCommand, 1);
  });

  test("the Delete after a replacement removes the old campaign's override, by physical id", async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    await handler(deleteEvent(DELIVERED, CAMPAIGN_ID), lambdaContext());
    expect(campaigns).toHaveReceivedCommandWith(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT);
  });

  test('with Retain leaves the campaign alone', async () => {
    await handler(deleteEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }), lambdaContext());
    expect(writes()).toHaveLength(0);
  });

  test('succeeds when the campaign no longer exists', async () => {
    campaigns
      .on(DeleteCampaignCommunicationLimitsCommand)
      .rejects(new ResourceNotFoundException({ message: 'Resource not found', ...meta }));
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
  });

  test('succeeds, leaving the override, when the campaign is no longer Initialized', async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).rejects(invalidState('Completed'));
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(writes()).toHaveLength(1);
  });

  test("defensive: makes no call for a physical id that is not a campaign id (the framework answers a failed create's Delete itself)", async () => {
    await handler(deleteEvent(DELIVERED, 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('ignores limits it does not need: a Delete never fails on them', async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    const bad = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '0', Frequency: '99', Unit: 'DAY' }] };
    await expect(handler(deleteEvent(bad), lambdaContext())).resolves.toEqual({});
  });

  test('fails on access denied once the grace for IAM propagation is over: that is not "nothing left to remove"', async () => {
    campaigns
      .on(DeleteCampaignCommunicationLimitsCommand)
      .rejects(new AccessDeniedException({ message: 'User is not authorized', ...meta }));
    // 16 s left, 15 s kept back to answer: about a second of retries.
    await expect(handler(deleteEvent(), lambdaContext(16_000))).rejects.toThrow(
      /^DeleteCampaignCommunicationLimits failed for campaign \S+ after \d+ attempts: AccessDeniedException: User is not authorized$/,
    );
  });

  test("a renamed or moved construct: the old resource's Delete leaves the campaign to its new owner", async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
      { LogicalResourceId: 'RenamedLimits', PhysicalResourceId: CAMPAIGN_ID, ResourceStatus: 'CREATE_COMPLETE' },
      { LogicalResourceId: COMMON_LOGICAL_ID, PhysicalResourceId: CAMPAIGN_ID, ResourceStatus: 'DELETE_IN_PROGRESS' },
    ]);
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(writes()).toHaveLength(0);
  });

  test('the cleanup Delete after a replacement removes the old override: the resource itself has moved on', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
      {
        LogicalResourceId: COMMON_LOGICAL_ID,
        PhysicalResourceId: OTHER_CAMPAIGN_ID,
        ResourceStatus: 'UPDATE_COMPLETE',
      },
    ]);
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    await handler(deleteEvent(), lambdaContext());
    // One read for the crowd the Delete takes turns with (turns.ts), one to look for the campaign's holder.
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 2);
    expect(campaigns).toHaveReceivedCommandTimes(DeleteCampaignCommunicationLimitsCommand, 1);
  });

  test('a resource being deleted elsewhere in the stack is no owner', async () => {
    stackIs('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', [
      { LogicalResourceId: 'Other', PhysicalResourceId: CAMPAIGN_ID, ResourceStatus: 'DELETE_COMPLETE' },
    ]);
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    await handler(deleteEvent(), lambdaContext());
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 2);
    expect(campaigns).toHaveReceivedCommandTimes(DeleteCampaignCommunicationLimitsCommand, 1);
  });

  test("while the whole stack is deleted, no holder is looked for: the only read is the crowd's", async () => {
    stackIs('DELETE_IN_PROGRESS');
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    await handler(deleteEvent(), lambdaContext());
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 1);
    expect(campaigns).toHaveReceivedCommandTimes(DeleteCampaignCommunicationLimitsCommand, 1);
  });

  test('when the stack cannot be read, the Delete goes ahead', async () => {
    stacks
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack does not exist'), { name: 'ValidationError' }));
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(campaigns).toHaveReceivedCommandTimes(DeleteCampaignCommunicationLimitsCommand, 1);
  });
});

describe('a cancelled create (a sibling failed while it ran; aws/aws-cdk#26139)', () => {
  // CloudFormation's own physical id for the cancelled resource: it even matches the campaign id pattern.
  const GENERATED = 'CampaignLimits-Limits1A2B3C4D-1A2B3C4D5E6F';
  const deletes = () => campaigns.commandCalls(DeleteCampaignCommunicationLimitsCommand).length;

  test('its Delete removes the override of the campaign in its properties, then again once a write in flight has landed', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    jest.useFakeTimers();
    try {
      const done = handler(deleteEvent(DELIVERED, GENERATED), lambdaContext());
      await jest.advanceTimersByTimeAsync(14_000);
      expect(deletes()).toBe(1);
      await jest.advanceTimersByTimeAsync(1_000);
      await expect(done).resolves.toEqual({});
      expect(deletes()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  test('its Delete leaves the campaign to another resource of the stack that holds it', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS', [{ LogicalResourceId: 'Old', PhysicalResourceId: CAMPAIGN_ID }]);
    await expect(handler(deleteEvent(DELIVERED, GENERATED), lambdaContext())).resolves.toEqual({});
    expect(writes()).toHaveLength(0);
  });

  test('its Delete with Retain leaves the campaign alone', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    await handler(deleteEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }, GENERATED), lambdaContext());
    expect(writes()).toHaveLength(0);
  });

  test.each(['ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_IN_PROGRESS', 'DELETE_IN_PROGRESS'])(
    'a Create that finds the stack %s after its write undoes it',
    async (status) => {
      stackIs(status);
      campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
      campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
      await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
      expect(writes()).toEqual(['UpdateCampaignCommunicationLimits', 'DeleteCampaignCommunicationLimits']);
    },
  );

  test.each(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'])(
    'a Create that finds the stack %s keeps its write',
    async (status) => {
      stackIs(status);
      campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
      await handler(createEvent(), lambdaContext());
      expect(writes()).toHaveLength(1);
    },
  );

  test('a cancelled Create keeps its write with Retain, or when another resource of the stack holds the campaign', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
    stackIs('ROLLBACK_IN_PROGRESS');
    await handler(createEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }), lambdaContext());
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS', [{ LogicalResourceId: 'Old', PhysicalResourceId: CAMPAIGN_ID }]);
    await handler(createEvent(), lambdaContext());
    expect(deletes()).toBe(0);
  });

  test('a Create that cannot read its stack keeps its write', async () => {
    stacks.on(DescribeStacksCommand).rejects(Object.assign(new Error('not allowed'), { name: 'ValidationError' }));
    campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(writes()).toHaveLength(1);
  });
});

describe('ownership (the owner tags on the campaign)', () => {
  const OTHER_STACK =
    'arn:aws:cloudformation:us-east-1:123456789012:stack/OtherApp/0a1b2c3d-0000-1111-2222-333344445555';
  const mine = (logicalId = COMMON_LOGICAL_ID) => ({
    'cdk-connect-campaign-limits:stack': STACK_ID,
    'cdk-connect-campaign-limits:resource': logicalId,
  });
  const theirs = { 'cdk-connect-campaign-limits:stack': OTHER_STACK, 'cdk-connect-campaign-limits:resource': 'Limits' };

  test('a Create on a campaign another stack manages fails before any write, naming the campaign, stack and resource', async () => {
    campaignHas(theirs);
    await expect(handler(createEvent(), lambdaContext())).rejects.toThrow(
      `Campaign ${CAMPAIGN_ID} already has its communication limits managed by resource Limits of stack ${OTHER_STACK}`,
    );
    expect(sent()).toEqual(['DescribeCampaign']);
  });

  test('a Create records this stack and resource as the owner', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
    await handler(createEvent(), lambdaContext());
    expect(campaigns).toHaveReceivedCommandWith(TagResourceCommand, { arn: CAMPAIGN_ARN, tags: mine() });
  });

  test('another resource of the same stack may take the campaign over (a rename, a swap): it retags it', async () => {
    campaignHas(mine('OldLimits'));
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(campaigns).toHaveReceivedCommandWith(TagResourceCommand, { arn: CAMPAIGN_ARN, tags: mine() });
  });

  test('a campaign already tagged with this resource is not tagged again', async () => {
    campaignHas(mine());
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
    await handler(createEvent(), lambdaContext());
    expect(sent()).toEqual(['DescribeCampaign', 'UpdateCampaignCommunicationLimits']);
  });

  test.each([
    ['AccessDenied (a missing permission, an SCP)', new AccessDeniedException({ message: 'denied', ...meta })],
    ['a tag policy refusing the tag', new ValidationException({ message: 'tag policy', ...meta })],
  ])('a tag that cannot be written never stops the limits: %s', async (_case, error) => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
    campaigns.on(TagResourceCommand).rejects(error);
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    // Not retried as IAM propagation: one attempt.
    expect(sent()).toEqual(['DescribeCampaign', 'UpdateCampaignCommunicationLimits', 'TagResource']);
  });

  test('an Update of the limits on the same campaign makes one call, as before', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
    await handler(updateEvent(DELIVERED, PREVIOUS), lambdaContext());
    expect(sent()).toEqual(['UpdateCampaignCommunicationLimits']);
  });

  test('an Update onto a campaign another stack manages fails before any write', async () => {
    campaignHas(theirs);
    await expect(
      handler(updateEvent(DELIVERED, { ...DELIVERED, CampaignId: OTHER_CAMPAIGN_ID }), lambdaContext()),
    ).rejects.toThrow(`managed by resource Limits of stack ${OTHER_STACK}`);
    expect(writes()).toEqual([]);
  });

  test('a Delete removes the override and releases the tags that name it', async () => {
    stackIs('DELETE_IN_PROGRESS');
    campaignHas(mine());
    campaigns.on(DeleteCampaignCommunicationLimitsCommand, DELETE_INPUT, true).resolves({});
    await handler(deleteEvent(), lambdaContext());
    expect(sent()).toEqual(['DescribeCampaign', 'DeleteCampaignCommunicationLimits', 'UntagResource']);
    expect(campaigns).toHaveReceivedCommandWith(UntagResourceCommand, {
      arn: CAMPAIGN_ARN,
      tagKeys: ['cdk-connect-campaign-limits:stack', 'cdk-connect-campaign-limits:resource'],
    });
  });

  test('a Delete with Retain keeps the override but releases the tags', async () => {
    campaignHas(mine());
    await handler(deleteEvent({ ...DELIVERED, RemovalPolicy: 'Retain' }), lambdaContext());
    expect(sent()).toEqual(['DescribeCampaign', 'UntagResource']);
  });

  test('a Delete leaves a campaign another stack manages now (after a hand-over) as it is', async () => {
    stackIs('DELETE_IN_PROGRESS');
    campaignHas(theirs);
    await handler(deleteEvent(), lambdaContext());
    expect(sent()).toEqual(['DescribeCampaign']);
  });

  test('a Delete leaves the tags of another resource of the stack that took the campaign over', async () => {
    stackIs('DELETE_IN_PROGRESS');
    campaignHas(mine('RenamedLimits'));
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).resolves({});
    await handler(deleteEvent(), lambdaContext());
    expect(sent()).not.toContain('UntagResource');
  });

  test('a Delete whose tags cannot be removed still succeeds', async () => {
    stackIs('DELETE_IN_PROGRESS');
    campaignHas(mine());
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).resolves({});
    campaigns.on(UntagResourceCommand).rejects(new AccessDeniedException({ message: 'denied', ...meta }));
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
  });
});

describe('retries', () => {
  test.each([
    ['throttling', () => new ThrottlingException({ message: 'Rate exceeded', ...meta })],
    ['a conflict', () => new ConflictException({ message: 'Conflict', ...meta })],
    ['a server error', () => new InternalServerException({ message: 'Internal error', ...meta })],
  ])('retries %s, then succeeds', async (_what, error) => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejectsOnce(error()).rejectsOnce(error()).resolves({});
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 3);
  });

  test('retries AccessDenied while IAM may still be propagating a new policy', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejectsOnce(new AccessDeniedException({ message: 'User is not authorized', ...meta }))
      .resolves({});
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 2);
  });

  test('does not retry a validation error', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new ValidationException({ message: 'Invalid input', ...meta }));
    await expect(handler(createEvent(), lambdaContext())).rejects.toThrow(
      `UpdateCampaignCommunicationLimits failed for campaign ${CAMPAIGN_ID}: ValidationException: Invalid input`,
    );
    expect(writes()).toHaveLength(1);
  });

  test('gives up before the Lambda times out, saying how often it tried', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }));
    // 16 s left, 15 s kept back to answer: about a second of retries.
    await expect(handler(createEvent(), lambdaContext(16_000))).rejects.toThrow(
      /^UpdateCampaignCommunicationLimits failed for campaign a1b2c3d4-0000-1111-2222-333344445555 after \d+ attempts: ThrottlingException: Rate exceeded$/,
    );
  });
});

describe('logging', () => {
  /** Runs `run` with the logger on, and returns the JSON lines it wrote. */
  async function logsOf(run: () => Promise<unknown>): Promise<string> {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    // Powertools writes errors to stderr and the rest to stdout; Lambda sends both to the log group.
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation(capture),
    );
    logger.setLogLevel('INFO');
    try {
      await run().catch(() => undefined);
    } finally {
      logger.setLogLevel('SILENT');
      spies.forEach((spy) => spy.mockRestore());
    }
    return written.join('');
  }

  test('a failure is logged as a structured Error: its name, its stack and the service error as its cause', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new ValidationException({ message: 'bad input', ...meta }));
    const output = await logsOf(() => handler(createEvent(), lambdaContext()));
    const failure = output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { message: string; error?: Record<string, any> })
      .find((line) => line.message === 'Request failed');
    expect(failure?.error).toMatchObject({
      name: 'CampaignApiError',
      message: expect.stringContaining('ValidationException: bad input'),
      stack: expect.stringContaining('CampaignApiError'),
      cause: { name: 'ValidationException', message: 'bad input' },
    });
  });

  test('never logs the ResponseURL', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
    const output = await logsOf(() => handler(createEvent(), lambdaContext()));
    expect(output).toContain('"message":"CloudFormation request"');
    expect(output).toContain('"ResponseURL":"(redacted)"');
    expect(output).not.toContain('X-Amz-Signature');
  });
});
