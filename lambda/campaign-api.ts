/**
 * All of the handler's calls to Connect Campaigns V2, each retried until the Lambda's deadline and each failure
 * translated into one of the handler's own errors (`errors.ts`), naming the campaign and the operation. No SDK
 * exception leaves this module.
 */
import {
  CommunicationLimitsConfig,
  CommunicationLimitsConfigType,
  ConnectCampaignsV2Client,
  DeleteCampaignCommunicationLimitsCommand,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  InvalidCampaignStateException,
  ResourceNotFoundException,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { CampaignApiError, CampaignNotFoundError, CampaignStateError } from './errors';
import { logger } from './logger';
import { RetriesExhaustedError, RetryOptions, withRetries } from './retry';

export class CampaignApi {
  constructor(
    private readonly client: ConnectCampaignsV2Client,
    private readonly retry: Omit<RetryOptions, 'onRetry'>,
  ) {}

  /** Sets the campaign's override. Throws `CampaignStateError` unless the campaign is Initialized. */
  async updateLimits(campaignId: string, override: CommunicationLimitsConfig): Promise<void> {
    await this.call('UpdateCampaignCommunicationLimits', campaignId, () =>
      this.client.send(
        new UpdateCampaignCommunicationLimitsCommand({ id: campaignId, communicationLimitsOverride: override }),
      ),
    );
  }

  /** Removes the campaign's override. Throws `CampaignStateError` unless the campaign is Initialized. */
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

  /** The campaign's state, e.g. `Initialized` or `Running`. */
  async describeState(campaignId: string): Promise<string> {
    const output = await this.call('GetCampaignState', campaignId, () =>
      this.client.send(new GetCampaignStateCommand({ id: campaignId })),
    );
    return output.state ?? 'unknown';
  }

  private async call<T>(operation: string, campaignId: string, send: () => Promise<T>): Promise<T> {
    try {
      return await withRetries(send, {
        ...this.retry,
        onRetry: (error, attempt, delayMs) =>
          logger.info('Retrying', { operation, campaignId, attempt, delayMs, error }),
      });
    } catch (error) {
      if (!(error instanceof RetriesExhaustedError)) throw error;
      const { lastError, attempts } = error;
      if (lastError instanceof ResourceNotFoundException) {
        throw new CampaignNotFoundError(campaignId, operation, lastError);
      }
      if (lastError instanceof InvalidCampaignStateException) {
        throw new CampaignStateError(campaignId, operation, lastError.state ?? 'not Initialized', lastError);
      }
      throw new CampaignApiError(campaignId, operation, attempts, lastError);
    }
  }
}
