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
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { CampaignApiError, CampaignNotFoundError, CampaignStateError } from './errors';
import { logger } from './logger';
import { RetriesExhaustedError, RetryOptions, withRetries } from './retry';

/** What the handler reads of a campaign. */
export interface CampaignDescription {
  readonly id: string;
  readonly arn: string;
  readonly override?: CommunicationLimitsConfig;
  readonly tags: Readonly<Record<string, string>>;
}

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
    return (await this.describe(campaignId)).override;
  }

  /** The campaign's ARN, override and tags. */
  async describe(campaignId: string): Promise<CampaignDescription> {
    const output = await this.call('DescribeCampaign', campaignId, () =>
      this.client.send(new DescribeCampaignCommand({ id: campaignId })),
    );
    return {
      id: campaignId,
      arn: output.campaign?.arn ?? '',
      override: output.campaign?.communicationLimitsOverride,
      tags: output.campaign?.tags ?? {},
    };
  }

  /** The campaign's state, e.g. `Initialized` or `Running`. */
  async describeState(campaignId: string): Promise<string> {
    const output = await this.call('GetCampaignState', campaignId, () =>
      this.client.send(new GetCampaignStateCommand({ id: campaignId })),
    );
    return output.state ?? 'unknown';
  }

  /**
   * Adds tags to the campaign. AccessDenied is not retried for IAM propagation: by the time the handler tags, its
   * other calls have shown the policy applies, so a denial here is a real one (a tag policy or an SCP, say).
   */
  async tag(campaignId: string, campaignArn: string, tags: Record<string, string>): Promise<void> {
    await this.call(
      'TagResource',
      campaignId,
      () => this.client.send(new TagResourceCommand({ arn: campaignArn, tags })),
      { accessDeniedUntil: 0 },
    );
  }

  /** Removes tags from the campaign (AccessDenied is not retried, as for `tag`). */
  async untag(campaignId: string, campaignArn: string, tagKeys: string[]): Promise<void> {
    await this.call(
      'UntagResource',
      campaignId,
      () => this.client.send(new UntagResourceCommand({ arn: campaignArn, tagKeys })),
      { accessDeniedUntil: 0 },
    );
  }

  private async call<T>(
    operation: string,
    campaignId: string,
    send: () => Promise<T>,
    overrides: Partial<RetryOptions> = {},
  ): Promise<T> {
    try {
      return await withRetries(send, {
        ...this.retry,
        ...overrides,
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
