/**
 * The campaign calls (lambda/campaign-api.ts) against a mocked SDK client: the operation each error names (the FAILED
 * reason `cdk deploy` shows), and the log line of a retried call.
 */
import {
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  TagResourceCommand,
  ThrottlingException,
  UntagResourceCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import 'aws-sdk-client-mock-jest';
import { CampaignApi } from '../../lambda/campaign-api';
import { CampaignApiError } from '../../lambda/errors';
import { CAMPAIGN_ARN, CAMPAIGN_ID } from '../support/cfn-events';
import { failureOf, retryOnFakeClock } from '../support/fake-retry';
import { spyOnLogger } from '../support/logger-spies';
import { mockHandlerClients } from '../support/sdk-mocks';

const { campaigns } = mockHandlerClients();
const log = spyOnLogger();
const denied = () => Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
const campaignApi = () => new CampaignApi(new ConnectCampaignsV2Client({}), retryOnFakeClock());

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
  expect(log.info.mock.calls.filter(([message]) => message === 'Retrying')).toEqual([
    [
      'Retrying',
      { operation: 'DescribeCampaign', campaignId: CAMPAIGN_ID, attempt: 1, delayMs: 200, error: throttled },
    ],
  ]);
});
