/**
 * Paths of the campaign lifecycle (lambda/lifecycle.ts) that the other handler tests leave out: which failures a
 * rollback Update passes over, what a Delete does when its properties name no valid campaign or the campaign cannot
 * be read, and the Delete of a cancelled Create (its physical id is not the campaign of its properties), which removes
 * the override, waits out a write in flight and removes again. The SDK clients are mocked (aws-sdk-client-mock);
 * properties are delivered as strings.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  ConnectCampaignsV2Client,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import 'aws-sdk-client-mock-jest';
import { CampaignApi } from '../../lambda/campaign-api';
import { Apis, handleEvent } from '../../lambda/lifecycle';
import { handler } from '../../lambda/on-event';
import { OWNER_RESOURCE_TAG, OWNER_STACK_TAG } from '../../lambda/ownership';
import { StackApi } from '../../lambda/stack-api';
import { CAMPAIGN_ID, deleteEvent, DELIVERED, lambdaContext, OVERRIDE, updateEvent } from '../support/cfn-events';
import { mockHandlerClients } from '../support/sdk-mocks';

const { campaigns, stackIs, campaignHas } = mockHandlerClients();
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '5', Frequency: '30', Unit: 'DAY' }] };
const invalid = (message: string) => new ValidationException({ message, $metadata: {} });
const sent = () => campaigns.calls().map((call) => call.args[0].constructor.name.replace(/Command$/, ''));

beforeEach(() => {
  stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  campaignHas();
  campaigns.on(TagResourceCommand).resolves({});
});

describe('Update', () => {
  test('old properties that cannot be read: the campaign is taken on as by a Create, ownership check and tag', async () => {
    campaigns
      .on(UpdateCampaignCommunicationLimitsCommand, { id: CAMPAIGN_ID, communicationLimitsOverride: OVERRIDE }, true)
      .resolves({});
    await handler(updateEvent(DELIVERED, { ...DELIVERED, CampaignId: 'not a campaign' }, CAMPAIGN_ID), lambdaContext());
    expect(sent()).toEqual(['DescribeCampaign', 'UpdateCampaignCommunicationLimits', 'TagResource']);
  });

  test('a rollback Update that fails for another reason than a campaign gone or not Initialized fails', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(invalid('bad request'));
    await expect(handler(updateEvent(PREVIOUS, DELIVERED), lambdaContext())).rejects.toThrow(
      `UpdateCampaignCommunicationLimits failed for campaign ${CAMPAIGN_ID}: ValidationException: bad request`,
    );
  });
});

describe('Delete', () => {
  test('properties without a valid campaign id: the physical id names the campaign', async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).resolves({});
    await expect(
      handler(deleteEvent({ ...DELIVERED, CampaignId: 'not a campaign' }, CAMPAIGN_ID), lambdaContext()),
    ).resolves.toEqual({});
    expect(campaigns).toHaveReceivedCommandWith(DeleteCampaignCommunicationLimitsCommand, {
      id: CAMPAIGN_ID,
      config: 'ALL_CHANNEL_SUBTYPES',
    });
  });

  test('neither the properties nor the physical id name a campaign: no call', async () => {
    await expect(
      handler(deleteEvent({ ...DELIVERED, CampaignId: 'not a campaign' }, 'not a campaign either'), lambdaContext()),
    ).resolves.toEqual({});
    expect(campaigns.calls()).toHaveLength(0);
  });

  test('a campaign that cannot be read (not because it is gone) fails the Delete, before any write', async () => {
    campaigns.on(DescribeCampaignCommand).rejects(invalid('bad request'));
    await expect(handler(deleteEvent(), lambdaContext())).rejects.toThrow(
      `DescribeCampaign failed for campaign ${CAMPAIGN_ID}: ValidationException: bad request`,
    );
    expect(sent()).toEqual(['DescribeCampaign']);
  });

  test('a removal that fails for another reason than a campaign gone or not Initialized fails the Delete', async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).rejects(invalid('bad config'));
    await expect(handler(deleteEvent(), lambdaContext())).rejects.toThrow(
      `DeleteCampaignCommunicationLimits failed for campaign ${CAMPAIGN_ID}: ValidationException: bad config`,
    );
  });
});

describe('the Delete of a cancelled Create', () => {
  // lambda/lifecycle.ts is driven directly, with no wait for a write in flight.
  const OTHER_STACK_ID =
    'arn:aws:cloudformation:us-east-1:123456789012:stack/OtherLimits/99999999-2222-3333-4444-555555555555';
  /** The physical id CloudFormation gives a resource whose Create it cancelled. */
  const CANCELLED = deleteEvent(DELIVERED, 'CampaignLimits-OutreachLimits-1A2B3C4D');

  function apis(): Apis {
    const retry = { deadline: Date.now() + 60_000 };
    return {
      campaigns: new CampaignApi(new ConnectCampaignsV2Client({ region: 'us-east-1' }), retry),
      stack: new StackApi(new CloudFormationClient({ region: 'us-east-1' }), CANCELLED.StackId, retry),
      inFlightMs: 0,
    };
  }

  beforeEach(() => {
    stackIs('ROLLBACK_IN_PROGRESS');
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).resolves({});
    campaigns.on(UntagResourceCommand).resolves({});
  });

  test('removes, then removes again after the wait', async () => {
    campaignHas();
    await handleEvent(CANCELLED, apis());
    expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 2);
    expect(campaigns).toHaveReceivedCommandTimes(DeleteCampaignCommunicationLimitsCommand, 2);
  });

  test('on a campaign that is gone, reads it once, and does not wait to read again', async () => {
    campaigns
      .on(DescribeCampaignCommand)
      .rejects(new ResourceNotFoundException({ message: 'Campaign not found', $metadata: {} }));
    await expect(handleEvent(CANCELLED, apis())).resolves.toEqual({});
    expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
  });

  test('on a campaign another stack manages, reads it once, and writes nothing', async () => {
    campaignHas({ [OWNER_STACK_TAG]: OTHER_STACK_ID, [OWNER_RESOURCE_TAG]: 'TheirLimits' });
    await expect(handleEvent(CANCELLED, apis())).resolves.toEqual({});
    expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
    expect(campaigns).not.toHaveReceivedCommand(DeleteCampaignCommunicationLimitsCommand);
    expect(campaigns).not.toHaveReceivedCommand(UntagResourceCommand);
  });
});
