/**
 * The handler's calls to Connect Campaigns V2 about an instance's communication limits, retried like the campaign
 * calls (`retry.ts`: throttling, 5xx and ConflictException) until the Lambda's deadline, each failure translated into
 * one of the handler's own errors (`errors.ts`), naming the instance and the operation. No SDK exception leaves this
 * module.
 */
import {
  ConnectCampaignsV2Client,
  GetInstanceCommunicationLimitsCommand,
  InstanceCommunicationLimitsConfig,
  PutInstanceCommunicationLimitsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connectcampaignsv2';
import { InstanceApiError, InstanceNotFoundError } from './errors';
import { logger } from './logger';
import { RetriesExhaustedError, RetryOptions, withRetries } from './retry';

/**
 * What a reset sends: a configuration with no `allChannelSubtypes`. There is no delete operation for an instance's
 * limits, and Connect does not document what an empty configuration means; it is the only request the model offers
 * that sets no limits.
 */
export const NO_INSTANCE_LIMITS: InstanceCommunicationLimitsConfig = {};

export class InstanceApi {
  constructor(
    private readonly client: ConnectCampaignsV2Client,
    private readonly retry: Omit<RetryOptions, 'onRetry'>,
  ) {}

  /** Sets the instance's communication limits (documented idempotent). */
  async putLimits(connectInstanceId: string, config: InstanceCommunicationLimitsConfig): Promise<void> {
    await this.call('PutInstanceCommunicationLimits', connectInstanceId, () =>
      this.client.send(
        new PutInstanceCommunicationLimitsCommand({ connectInstanceId, communicationLimitsConfig: config }),
      ),
    );
  }

  /** The instance's limits as Connect holds them (the drift check's one read), if it holds any. */
  async getLimits(connectInstanceId: string): Promise<InstanceCommunicationLimitsConfig | undefined> {
    const output = await this.call('GetInstanceCommunicationLimits', connectInstanceId, () =>
      this.client.send(new GetInstanceCommunicationLimitsCommand({ connectInstanceId })),
    );
    return output.communicationLimitsConfig;
  }

  private async call<T>(operation: string, connectInstanceId: string, send: () => Promise<T>): Promise<T> {
    try {
      return await withRetries(send, {
        ...this.retry,
        onRetry: (error, attempt, delayMs) =>
          logger.info('Retrying', { operation, connectInstanceId, attempt, delayMs, error }),
      });
    } catch (error) {
      if (!(error instanceof RetriesExhaustedError)) throw error;
      const { lastError, attempts } = error;
      if (lastError instanceof ResourceNotFoundException) {
        throw new InstanceNotFoundError(connectInstanceId, operation, lastError);
      }
      throw new InstanceApiError(connectInstanceId, operation, attempts, lastError);
    }
  }
}
