/**
 * The handler given a campaign ARN where it takes a campaign id (a `CfnParameter` that holds an ARN at deploy time):
 * it calls the API with the id, answers with the id as physical id, and refuses an ARN of another account, region,
 * service or resource type than its stack's before any call. Every problem of a request is reported together.
 */
import {
  DescribeCampaignCommand,
  TagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../lambda/on-event';
import {
  CAMPAIGN_ARN as ARN,
  CAMPAIGN_ID,
  createEvent,
  DELIVERED,
  lambdaContext,
  OVERRIDE,
  updateEvent,
} from '../support/cfn-events';
import { mockHandlerClients } from '../support/sdk-mocks';

const { campaigns, stacks } = mockHandlerClients();
// The events' stack is in us-east-1, account 123456789012, as is ARN, the campaign's.

beforeEach(() => {
  stacks.on(DescribeStacksCommand).resolves({ Stacks: [] });
  // The owner check before a create reads the campaign (by its id), and tags it after.
  campaigns
    .on(DescribeCampaignCommand, { id: CAMPAIGN_ID })
    .resolves({ campaign: { id: CAMPAIGN_ID, arn: ARN } as never });
  campaigns.on(TagResourceCommand).resolves({});
});

test('an ARN: the API gets the id, and the physical id is the id', async () => {
  campaigns
    .on(UpdateCampaignCommunicationLimitsCommand, { id: CAMPAIGN_ID, communicationLimitsOverride: OVERRIDE }, true)
    .resolves({});
  await expect(handler(createEvent({ ...DELIVERED, CampaignId: ARN }), lambdaContext())).resolves.toEqual({
    PhysicalResourceId: CAMPAIGN_ID,
    Data: { CampaignId: CAMPAIGN_ID },
  });
  // The owner check, the write and the owner tags: each by the id.
  expect(campaigns.calls()).toHaveLength(3);
  expect(campaigns).toHaveReceivedCommandWith(TagResourceCommand, { arn: ARN });
});

test('an Update from the id to the ARN of the same campaign is no change: no call', async () => {
  await expect(
    handler(updateEvent({ ...DELIVERED, CampaignId: ARN }, { ...DELIVERED }), lambdaContext()),
  ).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
  expect(campaigns.calls()).toHaveLength(0);
});

test.each([
  [
    'another region',
    `arn:aws:connect-campaigns:eu-west-2:123456789012:campaign/${CAMPAIGN_ID}`,
    "the ARN of a campaign in the stack's account 123456789012 and region us-east-1",
  ],
  [
    'another account',
    `arn:aws:connect-campaigns:us-east-1:210987654321:campaign/${CAMPAIGN_ID}`,
    "the ARN of a campaign in the stack's account 123456789012 and region us-east-1",
  ],
  [
    'another partition',
    `arn:aws-cn:connect-campaigns:us-east-1:123456789012:campaign/${CAMPAIGN_ID}`,
    "the ARN of a campaign in the stack's partition aws, account 123456789012 and region us-east-1",
  ],
  [
    'another service',
    'arn:aws:connect:us-east-1:123456789012:instance/a1b2c3d4-5678-90ab-cdef-111111111111',
    'a campaign id or a campaign ARN (arn:<partition>:connect-campaigns:<region>:<account>:campaign/<id>)',
  ],
])('an ARN of %s is refused before any call, naming the value', async (_what, arn, expected) => {
  await expect(handler(createEvent({ ...DELIVERED, CampaignId: arn }), lambdaContext())).rejects.toThrow(
    `campaignId must be ${expected}; got "${arn}"`,
  );
  expect(campaigns.calls()).toHaveLength(0);
});

test('every problem of a request is reported at once, one line each', async () => {
  const properties = {
    ...DELIVERED,
    CampaignId: 'not a campaign',
    CommunicationLimits: [{ MaxCountPerRecipient: '0', Frequency: '31', Unit: 'DAY' }],
    InstanceLimitsHandling: 'yes',
  };
  await expect(handler(createEvent(properties), lambdaContext())).rejects.toThrow(
    [
      `campaignId must be a campaign id made of a-z, A-Z, 0-9, '-', ':' and '/'; got "not a campaign"`,
      'communicationLimits[0].maxCountPerRecipient must be an integer from 1 to 2,147,483,647; got "0"',
      'communicationLimits[0].frequency must be an integer from 1 to 30; got "31"',
      'instanceLimitsHandling must be one of OPT_IN, OPT_OUT; got "yes"',
    ].join('\n'),
  );
  expect(campaigns.calls()).toHaveLength(0);
});
