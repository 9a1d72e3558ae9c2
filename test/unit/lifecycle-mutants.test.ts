/**
 * The Delete of a cancelled Create (its physical id is not the campaign of its properties) removes the override, waits
 * out a write in flight and removes again; when the first pass leaves the campaign alone, there is nothing to wait
 * for. lambda/lifecycle.ts is driven directly, with no wait for a write in flight; the SDK clients are mocked.
 */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  ConnectCampaignsV2Client,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  ResourceNotFoundException,
  UntagResourceCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CampaignApi } from '../../lambda/campaign-api';
import { Apis, handleEvent } from '../../lambda/lifecycle';
import { OWNER_RESOURCE_TAG, OWNER_STACK_TAG } from '../../lambda/ownership';
import { StackApi } from '../../lambda/stack-api';
import { CAMPAIGN_ID, deleteEvent, DELIVERED } from '../support/cfn-events';

const campaigns = mockClient(ConnectCampaignsV2Client);
const stacks = mockClient(CloudFormationClient);

const CAMPAIGN_ARN = `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${CAMPAIGN_ID}`;
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
  campaigns.reset();
  stacks.reset();
  stacks.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'CampaignLimits', StackStatus: 'ROLLBACK_IN_PROGRESS', CreationTime: new Date() }],
  });
  stacks.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
  campaigns.on(DeleteCampaignCommunicationLimitsCommand).resolves({});
  campaigns.on(UntagResourceCommand).resolves({});
});

test('the Delete of a cancelled Create removes, then removes again after the wait', async () => {
  campaigns
    .on(DescribeCampaignCommand)
    .resolves({ campaign: { id: CAMPAIGN_ID, arn: CAMPAIGN_ARN, tags: {} } } as never);
  await handleEvent(CANCELLED, apis());
  expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 2);
  expect(campaigns).toHaveReceivedCommandTimes(DeleteCampaignCommunicationLimitsCommand, 2);
});

test('the Delete of a cancelled Create on a campaign that is gone reads it once, and does not wait to read again', async () => {
  campaigns
    .on(DescribeCampaignCommand)
    .rejects(new ResourceNotFoundException({ message: 'Campaign not found', $metadata: {} }));
  await expect(handleEvent(CANCELLED, apis())).resolves.toEqual({});
  expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
});

test('the Delete of a cancelled Create on a campaign another stack manages reads it once, and writes nothing', async () => {
  campaigns.on(DescribeCampaignCommand).resolves({
    campaign: {
      id: CAMPAIGN_ID,
      arn: CAMPAIGN_ARN,
      tags: { [OWNER_STACK_TAG]: OTHER_STACK_ID, [OWNER_RESOURCE_TAG]: 'TheirLimits' },
    },
  } as never);
  await expect(handleEvent(CANCELLED, apis())).resolves.toEqual({});
  expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
  expect(campaigns).not.toHaveReceivedCommand(DeleteCampaignCommunicationLimitsCommand);
  expect(campaigns).not.toHaveReceivedCommand(UntagResourceCommand);
});
