/**
 * What the API modules (lambda/campaign-api.ts, lambda/stack-api.ts) and the holder check (lambda/holder.ts) leave for
 * an operator: the operation each error names (the FAILED reason `cdk deploy` shows), the log line of a retried
 * campaign call, and the warning of a Delete whose holder check could not read the stack. The SDK clients are mocked.
 */
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  TagResourceCommand,
  ThrottlingException,
  UntagResourceCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CampaignApi } from '../../lambda/campaign-api';
import { CampaignApiError, StackApiError } from '../../lambda/errors';
import { currentHolder } from '../../lambda/holder';
import { logger } from '../../lambda/logger';
import type { RetryOptions } from '../../lambda/retry';
import { StackApi } from '../../lambda/stack-api';

const campaigns = mockClient(ConnectCampaignsV2Client);
const stacks = mockClient(CloudFormationClient);
const CAMPAIGN_ID = 'aaaaaaaa-0000-1111-2222-333344445555';
const CAMPAIGN_ARN = `arn:aws:connect-campaigns:us-east-1:123456789012:campaign/${CAMPAIGN_ID}`;
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Outreach/0a1b2c3d-0000-1111-2222-333344445555';
const denied = () => Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
const invalid = () => Object.assign(new Error('Stack with id Outreach does not exist'), { name: 'ValidationError' });

/** Retry options on a fake clock: sleeping advances it, nothing waits; every backoff is its full ceiling. */
function retry(): Omit<RetryOptions, 'onRetry'> {
  let t = 1_000_000;
  return {
    deadline: t + 60_000,
    now: () => t,
    sleep: (ms: number) => {
      t += ms;
      return Promise.resolve();
    },
    random: () => 1,
  };
}

const campaignApi = () => new CampaignApi(new ConnectCampaignsV2Client({}), retry());
const stackApi = () => new StackApi(new CloudFormationClient({}), STACK_ID, retry());

/** The error a call rejects with. */
const failureOf = (call: Promise<unknown>) => call.then(() => undefined).catch((error: unknown) => error);

let info: jest.SpyInstance;
let warn: jest.SpyInstance;
beforeEach(() => {
  campaigns.reset();
  stacks.reset();
  info = jest.spyOn(logger, 'info');
  warn = jest.spyOn(logger, 'warn');
});
afterEach(() => {
  info.mockRestore();
  warn.mockRestore();
});

describe('the campaign calls name their operation in the error', () => {
  test.each([
    [
      'describeState',
      'GetCampaignState',
      GetCampaignStateCommand,
      (api: CampaignApi) => api.describeState(CAMPAIGN_ID),
    ],
    [
      'tag',
      'TagResource',
      TagResourceCommand,
      (api: CampaignApi) => api.tag(CAMPAIGN_ID, CAMPAIGN_ARN, { Owner: 'Outreach' }),
    ],
    [
      'untag',
      'UntagResource',
      UntagResourceCommand,
      (api: CampaignApi) => api.untag(CAMPAIGN_ID, CAMPAIGN_ARN, ['Owner']),
    ],
  ] as const)(
    '%s: a failure becomes a CampaignApiError naming %s and the campaign',
    async (_method, operation, command, call) => {
      campaigns.on(command as never).rejects(denied());
      const error = await failureOf(call(campaignApi()));
      expect(error).toBeInstanceOf(CampaignApiError);
      expect(error).toMatchObject({
        operation,
        campaignId: CAMPAIGN_ID,
        attempts: 1,
        message: `${operation} failed for campaign ${CAMPAIGN_ID}: AccessDeniedException: User is not authorized`,
      });
    },
  );
});

test('a throttled campaign call is retried with a log line naming the operation, the campaign, the attempt and the wait', async () => {
  const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
  campaigns
    .on(DescribeCampaignCommand)
    .rejectsOnce(throttled)
    .resolves({
      campaign: { id: CAMPAIGN_ID, arn: CAMPAIGN_ARN, name: 'a', connectInstanceId: 'i', channelSubtypeConfig: {} },
    });
  await expect(campaignApi().describe(CAMPAIGN_ID)).resolves.toMatchObject({ arn: CAMPAIGN_ARN });
  expect(info.mock.calls.filter(([message]) => message === 'Retrying')).toEqual([
    [
      'Retrying',
      { operation: 'DescribeCampaign', campaignId: CAMPAIGN_ID, attempt: 1, delayMs: 200, error: throttled },
    ],
  ]);
});

test('resource: a failure becomes a StackApiError naming DescribeStackResource and the stack', async () => {
  stacks.on(DescribeStackResourceCommand).rejects(invalid());
  const error = await failureOf(stackApi().resource('Limits'));
  expect(error).toBeInstanceOf(StackApiError);
  expect(error).toMatchObject({
    operation: 'DescribeStackResource',
    stackId: STACK_ID,
    message: `DescribeStackResource failed for stack ${STACK_ID}: ValidationError: Stack with id Outreach does not exist`,
  });
});

test('a Delete whose holder check cannot read the stack goes ahead, with a warning naming the target and the error', async () => {
  const cause = invalid();
  stacks.on(DescribeStacksCommand).rejects(cause);
  const deleted = {
    resourceType: 'Custom::ConnectCampaignCommunicationLimits',
    physicalId: CAMPAIGN_ID,
    logicalId: 'Limits',
  };
  await expect(currentHolder(deleted, stackApi())).resolves.toBeUndefined();
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn).toHaveBeenCalledWith(
    'Could not read the stack to check which resource holds the target; removing its limits',
    { physicalId: CAMPAIGN_ID, error: expect.any(StackApiError) },
  );
  const [, fields] = warn.mock.calls[0] as [string, { error: StackApiError }];
  expect(fields.error).toMatchObject({ operation: 'DescribeStacks', cause });
});
