/**
 * Paths of the campaign lifecycle (lambda/lifecycle.ts) that the other handler tests leave out: which failures a
 * rollback Update passes over, and what a Delete does when its properties name no valid campaign or the campaign
 * cannot be read. The SDK clients are mocked (aws-sdk-client-mock); properties are delivered as strings.
 */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  ConnectCampaignsV2Client,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  TagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
  ValidationException,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../lambda/on-event';
import { CAMPAIGN_ID, deleteEvent, DELIVERED, lambdaContext, OVERRIDE, updateEvent } from '../support/cfn-events';

const campaigns = mockClient(ConnectCampaignsV2Client);
const stacks = mockClient(CloudFormationClient);
const CAMPAIGN_ARN = `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${CAMPAIGN_ID}`;
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '5', Frequency: '30', Unit: 'DAY' }] };
const invalid = (message: string) => new ValidationException({ message, $metadata: {} });
const sent = () => campaigns.calls().map((call) => call.args[0].constructor.name.replace(/Command$/, ''));

function stackIs(status: string) {
  stacks.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'CampaignLimits', StackStatus: status as never, CreationTime: new Date() }],
  });
  stacks.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
}

beforeEach(() => {
  campaigns.reset();
  stacks.reset();
  stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  campaigns
    .on(DescribeCampaignCommand)
    .resolves({ campaign: { id: CAMPAIGN_ID, arn: CAMPAIGN_ARN, tags: {} } } as never);
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
