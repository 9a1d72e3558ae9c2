/**
 * The log line of each decision the campaign resource takes (lambda/lifecycle.ts): the only record, for an operator,
 * of why a request wrote to Connect, left a campaign as it was, or went on past a failure. The SDK clients are mocked.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AccessDeniedException,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  InvalidCampaignStateException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import 'aws-sdk-client-mock-jest';
import { CampaignApiError, CampaignNotFoundError, StackApiError } from '../../lambda/errors';
import { handler } from '../../lambda/on-event';
import { OWNER_RESOURCE_TAG, OWNER_STACK_TAG } from '../../lambda/ownership';
import {
  CAMPAIGN_ID,
  COMMON_LOGICAL_ID,
  createEvent,
  deleteEvent,
  DELIVERED,
  lambdaContext,
  OVERRIDE,
  updateEvent,
} from '../support/cfn-events';
import { spyOnLogger } from '../support/logger-spies';
import { mockHandlerClients } from '../support/sdk-mocks';

const { campaigns, stacks, stackIs, campaignHas } = mockHandlerClients();
const log = spyOnLogger();

const STACK_ID = createEvent().StackId;
const OTHER_STACK_ID =
  'arn:aws:cloudformation:us-east-1:123456789012:stack/OtherLimits/99999999-2222-3333-4444-555555555555';
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '5', Frequency: '30', Unit: 'DAY' }] };
const OPT_OUT = { ...DELIVERED, InstanceLimitsHandling: 'OPT_OUT' };
const RETAIN = { ...DELIVERED, RemovalPolicy: 'Retain' };
/** The physical id the provider framework answers a failed Create with. */
const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

const notFound = () => new ResourceNotFoundException({ message: 'Campaign not found', $metadata: {} });
const denied = () => new AccessDeniedException({ message: 'Denied by a tag policy', $metadata: {} });
const notInitialized = (state: 'Running' | 'Paused') =>
  new InvalidCampaignStateException({ message: 'Invalid campaign state', state, $metadata: {} });

beforeEach(() => {
  stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  campaignHas();
  campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
  campaigns.on(DeleteCampaignCommunicationLimitsCommand).resolves({});
  campaigns.on(TagResourceCommand).resolves({});
  campaigns.on(UntagResourceCommand).resolves({});
});

describe('Create and Update', () => {
  test('a write names the campaign and the override', async () => {
    stackIs('CREATE_IN_PROGRESS');
    await handler(createEvent(), lambdaContext());
    expect(log.info).toHaveBeenCalledWith('Applied communication limits', {
      campaignId: CAMPAIGN_ID,
      override: OVERRIDE,
    });
  });

  test('an Update that changes only the removal policy says that nothing was sent', async () => {
    await handler(updateEvent(RETAIN, DELIVERED), lambdaContext());
    expect(log.info).toHaveBeenCalledWith('Limits unchanged; no call to the service', { campaignId: CAMPAIGN_ID });
  });

  test('a campaign no longer Initialized that already has the limits: the log names its state', async () => {
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(notInitialized('Running'));
    campaignHas({}, OVERRIDE);
    await handler(updateEvent(DELIVERED, OPT_OUT), lambdaContext());
    expect(log.info).toHaveBeenCalledWith('Campaign is no longer Initialized but already has the requested limits', {
      campaignId: CAMPAIGN_ID,
      state: 'Running',
    });
  });

  test('a rollback to a campaign that is gone says that nothing was restored, and why', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    campaigns.on(UpdateCampaignCommunicationLimitsCommand).rejects(notFound());
    await handler(updateEvent(PREVIOUS, DELIVERED), lambdaContext());
    expect(log.warn).toHaveBeenCalledWith(
      'Rolling back, but the previous limits cannot be restored; the campaign is left as it is',
      { campaignId: CAMPAIGN_ID, error: expect.any(CampaignNotFoundError) },
    );
  });

  test('an owner tag that cannot be written is a warning naming the campaign and the error', async () => {
    stackIs('CREATE_IN_PROGRESS');
    campaigns.on(TagResourceCommand).rejects(denied());
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(log.warn).toHaveBeenCalledWith(
      'Could not tag the campaign with its owner; the limits are applied without the ownership check',
      { campaignId: CAMPAIGN_ID, error: expect.any(CampaignApiError) },
    );
  });

  test('a Create the stack no longer wants names the stack status, then the removal', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    await handler(createEvent(), lambdaContext());
    expect(log.warn).toHaveBeenCalledWith(
      'The stack is no longer creating this resource (its Create was cancelled); undoing the write',
      { campaignId: CAMPAIGN_ID, stackStatus: 'ROLLBACK_IN_PROGRESS' },
    );
    expect(log.info).toHaveBeenCalledWith('Removed communication limits', { campaignId: CAMPAIGN_ID });
  });

  test('a stack status that cannot be read is a warning with the error', async () => {
    stacks.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack is gone'), { name: 'ValidationError' }));
    await expect(handler(createEvent(), lambdaContext())).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
    expect(log.warn).toHaveBeenCalledWith('Could not read the stack status', { error: expect.any(StackApiError) });
  });
});

describe('Delete', () => {
  test('a removal says so', async () => {
    await handler(deleteEvent(), lambdaContext());
    expect(log.info).toHaveBeenCalledWith('Removed communication limits', { campaignId: CAMPAIGN_ID });
  });

  test('a physical id that is not a campaign id, with no campaign in the properties, is named', async () => {
    await handler(
      deleteEvent({ ...DELIVERED, CampaignId: 'not a campaign' }, 'not a campaign either'),
      lambdaContext(),
    );
    expect(log.warn).toHaveBeenCalledWith('Physical id is not a campaign id; nothing to remove', {
      physicalId: 'not a campaign either',
    });
  });

  test("the provider framework's failed-Create marker is named", async () => {
    await handler(deleteEvent(DELIVERED, CREATE_FAILED_MARKER), lambdaContext());
    expect(log.warn).toHaveBeenCalledWith('The Create failed before writing; nothing to remove', {
      physicalId: CREATE_FAILED_MARKER,
    });
  });

  test("the Delete of a cancelled Create names CloudFormation's physical id and the campaign it acts on", async () => {
    await handler(deleteEvent(RETAIN, 'CampaignLimits-OutreachLimits-1A2B3C4D'), lambdaContext());
    expect(log.warn).toHaveBeenCalledWith(
      "The physical id is not the campaign of the resource: CloudFormation cancelled this resource's Create",
      { physicalId: 'CampaignLimits-OutreachLimits-1A2B3C4D', campaignId: CAMPAIGN_ID },
    );
  });

  test('a campaign that is gone before the Delete reads it: nothing to remove, and the Delete succeeds', async () => {
    campaigns.on(DescribeCampaignCommand).rejects(notFound());
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(log.warn).toHaveBeenCalledWith('Campaign no longer exists; nothing to remove', { campaignId: CAMPAIGN_ID });
    expect(campaigns).not.toHaveReceivedCommand(DeleteCampaignCommunicationLimitsCommand);
  });

  test('a campaign another stack manages now names that owner', async () => {
    campaignHas({ [OWNER_STACK_TAG]: OTHER_STACK_ID, [OWNER_RESOURCE_TAG]: 'TheirLimits' });
    await handler(deleteEvent(), lambdaContext());
    expect(log.info).toHaveBeenCalledWith('Another stack manages this campaign now; its limits and tags stay', {
      campaignId: CAMPAIGN_ID,
      owner: { stackId: OTHER_STACK_ID, logicalId: 'TheirLimits' },
    });
  });

  test('Retain says the override stays', async () => {
    await handler(deleteEvent(RETAIN), lambdaContext());
    expect(log.info).toHaveBeenCalledWith('Removal policy is Retain; the override stays on the campaign', {
      campaignId: CAMPAIGN_ID,
    });
  });

  test('a campaign another resource of the stack holds names that resource', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', [{ LogicalResourceId: 'Renamed', PhysicalResourceId: CAMPAIGN_ID }]);
    await handler(deleteEvent(), lambdaContext());
    expect(log.info).toHaveBeenCalledWith('Another resource of the stack holds this campaign now; its override stays', {
      campaignId: CAMPAIGN_ID,
      holder: 'Renamed',
    });
  });

  test('owner tags that cannot be removed are a warning naming the campaign and the error', async () => {
    campaignHas({ [OWNER_STACK_TAG]: STACK_ID, [OWNER_RESOURCE_TAG]: COMMON_LOGICAL_ID });
    campaigns.on(UntagResourceCommand).rejects(denied());
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(log.warn).toHaveBeenCalledWith(
      'Could not remove the owner tags from the campaign; remove them by hand before another stack takes it',
      { campaignId: CAMPAIGN_ID, error: expect.any(CampaignApiError) },
    );
  });

  test('a campaign that is gone when its override is removed: nothing to remove', async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).rejects(notFound());
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(log.warn).toHaveBeenCalledWith('Campaign no longer exists; nothing to remove', { campaignId: CAMPAIGN_ID });
  });

  test('a campaign no longer Initialized keeps its override: the log names its state', async () => {
    campaigns.on(DeleteCampaignCommunicationLimitsCommand).rejects(notInitialized('Paused'));
    await expect(handler(deleteEvent(), lambdaContext())).resolves.toEqual({});
    expect(log.warn).toHaveBeenCalledWith(
      'Campaign is no longer Initialized, so its override can no longer be removed; left in place',
      { campaignId: CAMPAIGN_ID, state: 'Paused' },
    );
  });
});
