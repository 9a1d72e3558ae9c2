/**
 * What the entry point (lambda/on-event.ts) logs besides the CloudFormation request (on-event.test.ts): the input of
 * a scheduled drift check, and the events of the turns it takes in a crowd. The SDK clients are mocked.
 */
import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeCampaignCommand,
  TagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../lambda/on-event';
import {
  CAMPAIGN_ID,
  COMMON_LOGICAL_ID,
  createEvent,
  creatingResources,
  DELIVERED,
  lambdaContext,
  updateEvent,
} from '../support/cfn-events';
import { spyOnLogger } from '../support/logger-spies';
import { mockHandlerClients } from '../support/sdk-mocks';

const { campaigns, stacks } = mockHandlerClients();
const log = spyOnLogger();
const STACK_ID = createEvent().StackId;

test('a CloudFormation request is logged with its fields, the ResponseURL redacted and the ServiceToken left out', async () => {
  stacks.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'CampaignLimits', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }],
  });
  const event = updateEvent({ ...DELIVERED }, { ...DELIVERED });
  await handler(event, lambdaContext());
  const [, fields] = log.info.mock.calls.find(([message]) => message === 'CloudFormation request') as [
    string,
    { event: object },
  ];
  const { ServiceToken: _token, ResponseURL: _url, ...rest } = event;
  expect(fields.event).toEqual({ ...rest, ResponseURL: '(redacted)' });
});

test('a scheduled drift check logs its input', async () => {
  stacks.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackId: STACK_ID, StackName: 'Outreach', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }],
  });
  const input = { DriftCheck: { StackId: STACK_ID, Correct: false } };
  await handler(input, lambdaContext());
  expect(log.info).toHaveBeenCalledWith('Scheduled drift check', { input });
});

test("a Create in a crowd logs the turns' events", async () => {
  stacks.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'CampaignLimits', StackStatus: 'CREATE_IN_PROGRESS', CreationTime: new Date() }],
  });
  stacks.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: creatingResources(['AaaaLimits', COMMON_LOGICAL_ID]),
  });
  campaigns.on(DescribeCampaignCommand).resolves({ campaign: { id: CAMPAIGN_ID, arn: 'arn' } } as never);
  campaigns.on(UpdateCampaignCommunicationLimitsCommand).resolves({});
  campaigns.on(TagResourceCommand).resolves({});
  // 75 s left: no time to wait for the member ahead, so the turn starts at once.
  await handler(createEvent(), lambdaContext(75_000));
  expect(log.info).toHaveBeenCalledWith('Joined a crowd', expect.objectContaining({ crowd: 2, ahead: 1 }));
});
