/**
 * The handler's SDK clients mocked for one test file (aws-sdk-client-mock): Connect Campaigns V2 and CloudFormation,
 * reset before each test, and the two answers most handler tests start from: the stack's status and resources, and
 * the campaign as DescribeCampaign reports it.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { ConnectCampaignsV2Client, DescribeCampaignCommand } from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import { RESOURCE_TYPE } from '../../lib/shared/contract';
import { CAMPAIGN_ARN, CAMPAIGN_ID } from './cfn-events';

export interface HandlerMockOptions {
  /** The type `stackIs` gives the stack's resources. Default: the campaign resource's. */
  readonly resourceType?: string;
  /** When given, `stackIs` answers only the reads of this stack (by its id); by default, the reads of any. */
  readonly stackId?: string;
}

/**
 * Call at the top of the test file, before its own `beforeEach`: the clients are reset before the file stubs them.
 */
export function mockHandlerClients({ resourceType = RESOURCE_TYPE, stackId }: HandlerMockOptions = {}) {
  const campaigns = mockClient(ConnectCampaignsV2Client);
  const stacks = mockClient(CloudFormationClient);
  beforeEach(() => {
    campaigns.reset();
    stacks.reset();
  });
  const ofStack = stackId === undefined ? undefined : { StackName: stackId };

  /** The stack as CloudFormation reports it: its status, and these resources (by default `Other`, UPDATE_COMPLETE). */
  function stackIs(status: string, resources: Partial<StackResourceSummary>[] = []) {
    stacks.on(DescribeStacksCommand, ofStack, true).resolves({
      Stacks: [{ StackName: 'CampaignLimits', StackStatus: status as never, CreationTime: new Date() }],
    });
    stacks.on(ListStackResourcesCommand, ofStack, true).resolves({
      StackResourceSummaries: resources.map((r) => ({
        ResourceType: resourceType,
        ResourceStatus: 'UPDATE_COMPLETE' as const,
        LastUpdatedTimestamp: new Date(),
        LogicalResourceId: 'Other',
        ...r,
      })),
    });
  }

  /** DescribeCampaign's answer: the campaign with these tags (none by default) and, if given, this override. */
  function campaignHas(tags: Record<string, string> = {}, communicationLimitsOverride?: object) {
    campaigns.on(DescribeCampaignCommand).resolves({
      campaign: { id: CAMPAIGN_ID, arn: CAMPAIGN_ARN, tags, communicationLimitsOverride } as never,
    });
  }

  return { campaigns, stacks, stackIs, campaignHas };
}
