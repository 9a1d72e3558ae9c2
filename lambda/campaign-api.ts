/**
 * All of the handler's calls to Connect Campaigns V2, each retried until the Lambda's deadline and each failure
 * translated into an error that names the campaign and the operation.
 */
import {
  CommunicationLimitsConfig,
  CommunicationLimitsConfigType,
  ConnectCampaignsV2Client,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  InvalidCampaignStateException,
  ResourceNotFoundException,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { CampaignApiError, CampaignNotFoundError } from './errors';
import { logger } from './logger';
import { RetriesFailed, RetryOptions, withRetries } from './retry';

export class CampaignApi {
  constructor(
    private readonly client: ConnectCampaignsV2Client,
    private readonly retry: Omit<RetryOptions, 'onRetry'>,
  ) {}

  /** Sets the campaign's override. Throws `InvalidCampaignStateException` unless the campaign is Initialized. */
  async updateLimits(campaignId: string, override: CommunicationLimitsConfig): Promise<void> {
    await this.call('UpdateCampaignCommunicationLimits', campaignId, () =>
      this.client.send(
        new UpdateCampaignCommunicationLimitsCommand({ id: campaignId, communicationLimitsOverride: override }),
      ),
    );
  }

  /** Removes the campaign's override. Throws `InvalidCampaignStateException` unless the campaign is Initialized. */
  async deleteLimits(campaignId: string): Promise<void> {
    await this.call('DeleteCampaignCommunicationLimits', campaignId, () =>
      this.client.send(
        new DeleteCampaignCommunicationLimitsCommand({
          id: campaignId,
          config: CommunicationLimitsConfigType.ALL_CHANNEL_SUBTYPES,
        }),
      ),
    );
  }

  /** The campaign's current override, if it has one. */
  async describeOverride(campaignId: string): Promise<CommunicationLimitsConfig | undefined> {
    const output = await this.call('DescribeCampaign', campaignId, () =>
      this.client.send(new DescribeCampaignCommand({ id: campaignId })),
    );
    return output.campaign?.communicationLimitsOverride;
  }

  private async call<T>(operation: string, campaignId: string, send: () => Promise<T>): Promise<T> {
    try {
      return await withRetries(send, {
        ...this.retry,
        onRetry: (error, attempt, delayMs) =>
          logger.info('Retrying', { operation, campaignId, error: errorName(error), attempt, delayMs }),
      });
    } catch (error) {
      const { lastError, attempts } = error as RetriesFailed;
      if (lastError instanceof ResourceNotFoundException) {
        throw new CampaignNotFoundError(campaignId, operation, `ResourceNotFoundException: ${lastError.message}`);
      }
      if (lastError instanceof InvalidCampaignStateException) throw lastError;
      throw new CampaignApiError(campaignId, operation, attempts, lastError);
    }
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
