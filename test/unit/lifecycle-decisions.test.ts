/**
 * The handler's decisions, each asserted by the calls it makes (not only by stubs that would answer them): which
 * Updates reach the service, what a campaign that is no longer Initialized must already have, and where a
 * replacement writes. The SDK clients are mocked (aws-sdk-client-mock); properties are delivered as strings.
 */
import {
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  InvalidCampaignStateException,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../lambda/on-event';
import {
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

const handlerMocks = mockHandlerClients();
const { campaigns, stacks } = handlerMocks;

const STACK_ID = createEvent().StackId;

/** The stack as CloudFormation reports it: its status, and these resources (see `summary`). */
function stackIs(status: string, resources: Partial<StackResourceSummary>[] = []) {
  handlerMocks.stackIs(status, resources.map(summary));
}

/** A resource of the stack as ListStackResources reports it: by default, another of our resources, on our campaign. */
function summary(resource: Partial<StackResourceSummary>): StackResourceSummary {
  return {
    ResourceType: 'Custom::ConnectCampaignCommunicationLimits',
    LogicalResourceId: 'Other',
    PhysicalResourceId: CAMPAIGN_ID,
    ResourceStatus: 'CREATE_COMPLETE',
    LastUpdatedTimestamp: new Date(),
    ...resource,
  };
}

/** Connect's answer to a write on a campaign that is not Initialized. */
function notInitialized(state: 'Running' | 'Paused') {
  return new InvalidCampaignStateException({ message: 'Invalid campaign state', state, $metadata: {} });
}

/** The campaign as DescribeCampaign reports it: no owner tags, and this override (none if not given). */
const campaignHas = (override?: object) => handlerMocks.campaignHas({}, override);

const OPT_OUT = { ...DELIVERED, InstanceLimitsHandling: 'OPT_OUT' };
const { InstanceLimitsHandling: _unset, ...WITHOUT_HANDLING } = DELIVERED;

beforeEach(() => {
  campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
  campaignHas();
  stackIs('UPDATE_IN_PROGRESS');
});

describe('an Update reaches the service whenever the override changes', () => {
  test('a change of instanceLimitsHandling alone (OPT_IN to OPT_OUT) is applied', async () => {
    await expect(handler(updateEvent(OPT_OUT, DELIVERED), lambdaContext())).resolves.toEqual({
      PhysicalResourceId: CAMPAIGN_ID,
      Data: { CampaignId: CAMPAIGN_ID },
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
    expect(campaigns).toHaveReceivedCommandWith(UpdateCampaignCommunicationLimitsCommand, {
      id: CAMPAIGN_ID,
      communicationLimitsOverride: { ...OVERRIDE, instanceLimitsHandling: 'OPT_OUT' },
    });
  });

  test('unsetting instanceLimitsHandling is applied: the new override leaves it out', async () => {
    await handler(updateEvent(WITHOUT_HANDLING, DELIVERED), lambdaContext());
    const { instanceLimitsHandling: _none, ...limitsOnly } = OVERRIDE;
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
    expect(campaigns).toHaveReceivedCommandWith(UpdateCampaignCommunicationLimitsCommand, {
      id: CAMPAIGN_ID,
      communicationLimitsOverride: limitsOnly,
    });
  });

  test('old properties this version cannot read (written by an older one) do not skip the Update', async () => {
    const old = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '3', Frequency: '7', Unit: 'WEEK' }] };
    await handler(updateEvent(DELIVERED, old), lambdaContext());
    expect(campaigns).toHaveReceivedCommandWith(UpdateCampaignCommunicationLimitsCommand, {
      id: CAMPAIGN_ID,
      communicationLimitsOverride: OVERRIDE,
    });
  });

  test('the same override asks nothing of the service, nor of the stack', async () => {
    await handler(updateEvent({ ...DELIVERED }, DELIVERED), lambdaContext());
    expect(campaigns.calls()).toHaveLength(0);
    expect(stacks.calls()).toHaveLength(0);
  });
});

describe('a campaign that is no longer Initialized', () => {
  test('fails a request whose instanceLimitsHandling differs from the one the campaign has', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(notInitialized('Running'));
    campaignHas({ ...OVERRIDE, instanceLimitsHandling: 'OPT_OUT' });
    await expect(handler(updateEvent(DELIVERED, OPT_OUT), lambdaContext())).rejects.toThrow(
      `Campaign ${CAMPAIGN_ID} is Running: Connect accepts communication limit changes only while a campaign is Initialized`,
    );
    expect(campaigns).toHaveReceivedCommandWith(DescribeCampaignCommand, { id: CAMPAIGN_ID });
  });

  test('fails a Create whose limits the campaign does not have, naming its state', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(notInitialized('Paused'));
    campaignHas({ instanceLimitsHandling: 'OPT_IN' });
    await expect(handler(createEvent(), lambdaContext())).rejects.toThrow(`Campaign ${CAMPAIGN_ID} is Paused:`);
  });

  test('a state Connect does not name is reported as not Initialized', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand)
      .rejects(new InvalidCampaignStateException({ message: 'Invalid campaign state', $metadata: {} } as never));
    campaignHas({});
    await expect(handler(createEvent(), lambdaContext())).rejects.toThrow(
      `Campaign ${CAMPAIGN_ID} is not Initialized:`,
    );
  });

  test('succeeds, with no second write, when it already has the requested override', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(notInitialized('Running'));
    campaignHas(OVERRIDE);
    await expect(handler(updateEvent(DELIVERED, OPT_OUT), lambdaContext())).resolves.toMatchObject({
      PhysicalResourceId: CAMPAIGN_ID,
    });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
    expect(campaigns).toHaveReceivedCommandWith(DescribeCampaignCommand, { id: CAMPAIGN_ID });
  });
});

describe('a replacement (the resource moves to another campaign)', () => {
  test("writes the new campaign's override, leaves the old campaign to the cleanup Delete, and returns the new id", async () => {
    await expect(
      handler(updateEvent({ ...DELIVERED, CampaignId: OTHER_CAMPAIGN_ID }, DELIVERED), lambdaContext()),
    ).resolves.toEqual({ PhysicalResourceId: OTHER_CAMPAIGN_ID, Data: { CampaignId: OTHER_CAMPAIGN_ID } });
    expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
    expect(campaigns).toHaveReceivedCommandWith(UpdateCampaignCommunicationLimitsCommand, {
      id: OTHER_CAMPAIGN_ID,
      communicationLimitsOverride: OVERRIDE,
    });
    expect(campaigns).not.toHaveReceivedCommand(DeleteCampaignCommunicationLimitsCommand);
  });

  test('to a campaign that is not Initialized and lacks the limits, fails naming the new campaign', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(notInitialized('Running'));
    campaignHas({});
    await expect(
      handler(updateEvent({ ...DELIVERED, CampaignId: OTHER_CAMPAIGN_ID }, DELIVERED), lambdaContext()),
    ).rejects.toThrow(`Campaign ${OTHER_CAMPAIGN_ID} is Running`);
    expect(campaigns).toHaveReceivedCommandWith(DescribeCampaignCommand, { id: OTHER_CAMPAIGN_ID });
  });
});

describe('a Delete leaves the campaign only to another resource of ours that manages it now', () => {
  beforeEach(() => campaigns.on(DeleteCampaignCommunicationLimitsCommand).resolves({}));

  async function deleteRemoves(): Promise<boolean> {
    await handler(deleteEvent(), lambdaContext());
    expect(stacks).toHaveReceivedCommandWith(ListStackResourcesCommand, { StackName: STACK_ID });
    return campaigns.commandCalls(DeleteCampaignCommunicationLimitsCommand).length > 0;
  }

  test('another of our resources on the same campaign manages it: the override stays', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [{ LogicalResourceId: 'Renamed' }]);
    expect(await deleteRemoves()).toBe(false);
  });

  test('another of our resources on another campaign does not', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
      { LogicalResourceId: 'Renamed', PhysicalResourceId: OTHER_CAMPAIGN_ID },
    ]);
    expect(await deleteRemoves()).toBe(true);
    expect(campaigns).toHaveReceivedCommandWith(DeleteCampaignCommunicationLimitsCommand, {
      id: CAMPAIGN_ID,
      config: 'ALL_CHANNEL_SUBTYPES',
    });
  });

  test('a resource of another type with the same physical id does not', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [{ ResourceType: 'Custom::Other', LogicalResourceId: 'Other' }]);
    expect(await deleteRemoves()).toBe(true);
  });

  test("the resource's own entry is no other owner, whatever its status", async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [
      { LogicalResourceId: COMMON_LOGICAL_ID, ResourceStatus: 'UPDATE_COMPLETE' },
    ]);
    expect(await deleteRemoves()).toBe(true);
  });

  test('an owner on a later page of the stack resources is found', async () => {
    stacks
      .on(ListStackResourcesCommand, { StackName: STACK_ID }, true)
      .resolves({ StackResourceSummaries: [summary({ PhysicalResourceId: OTHER_CAMPAIGN_ID })], NextToken: 'page-2' })
      .on(ListStackResourcesCommand, { StackName: STACK_ID, NextToken: 'page-2' }, true)
      .resolves({ StackResourceSummaries: [summary({ LogicalResourceId: 'Renamed' })] });
    expect(await deleteRemoves()).toBe(false);
    // Both pages, for the crowd the Delete takes turns with (turns.ts) and again for the holder.
    expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 4);
  });
});
