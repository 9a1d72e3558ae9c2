/**
 * The handler's failures, one small class each. Messages are short and name the campaign, the operation and what
 * the service said: the provider framework puts them in the FAILED reason that `cdk deploy` shows.
 */

/** The campaign does not exist (in this account and region). */
export class CampaignNotFoundError extends Error {
  public override readonly name = 'CampaignNotFoundError';

  constructor(
    public readonly campaignId: string,
    public readonly operation: string,
    serviceMessage: string,
  ) {
    super(`${operation}: campaign ${campaignId} was not found in this account and region (${serviceMessage})`);
  }
}

/** The limits must change, but the campaign is no longer Initialized, so Connect refuses any change. */
export class CampaignNotInitializedError extends Error {
  public override readonly name = 'CampaignNotInitializedError';

  constructor(
    public readonly campaignId: string,
    public readonly state: string,
  ) {
    super(
      `Campaign ${campaignId} is ${state}: Connect accepts communication limit changes only while a campaign is ` +
        `Initialized, and its current limits differ from the ones requested`,
    );
  }
}

/** The service answered with an error that is not retried, or kept failing until the time ran out. */
export class CampaignApiError extends Error {
  public override readonly name = 'CampaignApiError';

  constructor(
    public readonly campaignId: string,
    public readonly operation: string,
    public readonly attempts: number,
    cause: unknown,
  ) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    super(`${operation} failed for campaign ${campaignId}${tries}: ${what}`, { cause });
  }
}
