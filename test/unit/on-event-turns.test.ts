/**
 * What the entry point (lambda/on-event.ts) does with the turns of a crowd (lambda/turns.ts), against mocked SDK
 * clients: which requests read the crowd before their first Connect call, that no turn is waited for into the time
 * kept for the calls themselves, and that the answer waits for the end of the turn. The turns' own pacing is tested
 * in turns.test.ts.
 */
import {
  DescribeStackResourceCommand,
  type DescribeStackResourceCommandInput,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeCampaignCommand,
  TagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../lambda/on-event';
import {
  CAMPAIGN_ARN,
  CAMPAIGN_ID,
  COMMON_LOGICAL_ID,
  createEvent,
  creatingResources,
  DELIVERED,
  lambdaContext,
  OVERRIDE,
  updateEvent,
} from '../support/cfn-events';
import { mockHandlerClients } from '../support/sdk-mocks';

const { campaigns, stacks } = mockHandlerClients();
const STACK_ID = createEvent().StackId;
const UPDATE_INPUT = { id: CAMPAIGN_ID, communicationLimitsOverride: OVERRIDE };
const PREVIOUS = { ...DELIVERED, CommunicationLimits: [{ MaxCountPerRecipient: '5', Frequency: '30', Unit: 'DAY' }] };

/** The stack is being created, with these resources of our type in it (ours among them). */
function stackCreating(logicalIds: string[]) {
  stacks.on(DescribeStacksCommand, { StackName: STACK_ID }, true).resolves({
    Stacks: [{ StackName: 'CampaignLimits', StackStatus: 'CREATE_IN_PROGRESS', CreationTime: new Date() }],
  });
  const resources = creatingResources(logicalIds);
  stacks.on(ListStackResourcesCommand, { StackName: STACK_ID }, true).resolves({ StackResourceSummaries: resources });
  // The member ahead, polled on its own.
  stacks.on(DescribeStackResourceCommand).callsFake((input: DescribeStackResourceCommandInput) => ({
    StackResourceDetail: resources.find((resource) => resource.LogicalResourceId === input.LogicalResourceId),
  }));
}

beforeEach(() => {
  campaigns.on(DescribeCampaignCommand).resolves({ campaign: { id: CAMPAIGN_ID, arn: CAMPAIGN_ARN } } as never);
  campaigns.on(UpdateCampaignCommunicationLimitsCommand, UPDATE_INPUT, true).resolves({});
  campaigns.on(TagResourceCommand).resolves({});
});

afterEach(() => jest.useRealTimers());

test('an Update does not read the crowd when nothing throttles it: one Connect call, no stack read', async () => {
  stackCreating([COMMON_LOGICAL_ID, 'OtherLimits']);
  await expect(handler(updateEvent(DELIVERED, PREVIOUS), lambdaContext())).resolves.toMatchObject({
    PhysicalResourceId: CAMPAIGN_ID,
  });
  expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 0);
  expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
});

test('a Create behind another member does not wait for its turn into the last minute, kept for its own calls', async () => {
  jest.useFakeTimers();
  // 'Aaaa' is ahead in turn order and stays in progress; 75 s left, 15 s kept to answer: 60 s, all for the calls.
  stackCreating(['AaaaLimits', COMMON_LOGICAL_ID]);
  const answer = handler(createEvent(), lambdaContext(75_000));
  await jest.advanceTimersByTimeAsync(1_000);
  expect(campaigns).toHaveReceivedCommandTimes(DescribeCampaignCommand, 1);
  await jest.advanceTimersByTimeAsync(10_000);
  await expect(answer).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
  expect(campaigns).toHaveReceivedCommandTimes(UpdateCampaignCommunicationLimitsCommand, 1);
});

test('with time to spare, the same Create waits while the member ahead is in progress', async () => {
  jest.useFakeTimers();
  stackCreating(['AaaaLimits', COMMON_LOGICAL_ID]);
  const answer = handler(createEvent(), lambdaContext());
  await jest.advanceTimersByTimeAsync(5_000);
  expect(campaigns.calls()).toHaveLength(0);
  // One member ahead: polled on its own (one call whatever the size of the stack), the crowd read once to join.
  expect(stacks).toHaveReceivedCommandWith(DescribeStackResourceCommand, {
    StackName: STACK_ID,
    LogicalResourceId: 'AaaaLimits',
  });
  expect(stacks).toHaveReceivedCommandTimes(ListStackResourcesCommand, 1);
  // The crowd is not moving: after a while the Create goes anyway.
  await jest.advanceTimersByTimeAsync(60_000);
  await expect(answer).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
});

test('a poll of the member ahead that CloudFormation throttles is retried within 250 ms, not the usual backoff', async () => {
  jest.useFakeTimers();
  stackCreating(['AaaaLimits', COMMON_LOGICAL_ID]);
  // For its first 5 s of polls, CloudFormation throttles them; then it answers that the member ahead has completed.
  // With the usual backoff (200 ms doubling to 5 s) a retry could wait seconds: the turn would be seen that late.
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
  const pollsAt: number[] = [];
  const [ahead] = creatingResources(['AaaaLimits']);
  stacks.on(DescribeStackResourceCommand).callsFake(() => {
    pollsAt.push(Date.now());
    if (pollsAt.length === 1 || Date.now() - pollsAt[0] < 5_000) throw throttled;
    return {
      StackResourceDetail: { ...ahead, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(pollsAt[0]) },
    };
  });
  const answer = handler(createEvent(), lambdaContext());
  await jest.advanceTimersByTimeAsync(60_000);
  await expect(answer).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
  const gaps = pollsAt.slice(1).map((at, i) => at - pollsAt[i]);
  expect(gaps.length).toBeGreaterThan(10);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(250);
});

test('a Create in a crowd answers only once its turn is over, not as soon as its last call is answered', async () => {
  jest.useFakeTimers();
  // First in turn order: its turn starts when the crowd's first turn is due.
  stackCreating([COMMON_LOGICAL_ID, 'ZzzzLimits']);
  let answered = false;
  const answer = handler(createEvent(), lambdaContext()).finally(() => {
    answered = true;
  });
  for (let waited = 0; waited < 30_000 && campaigns.commandCalls(TagResourceCommand).length === 0; waited += 10) {
    await jest.advanceTimersByTimeAsync(10);
  }
  expect(campaigns).toHaveReceivedCommandTimes(TagResourceCommand, 1);
  await jest.advanceTimersByTimeAsync(0);
  expect(answered).toBe(false);
  await jest.advanceTimersByTimeAsync(30_000);
  expect(answered).toBe(true);
  await expect(answer).resolves.toMatchObject({ PhysicalResourceId: CAMPAIGN_ID });
});
