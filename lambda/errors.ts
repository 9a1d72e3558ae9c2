/**
 * The handler's own failures, one small class each. The modules that call AWS (`campaign-api.ts`, `stack-api.ts`)
 * turn SDK errors into these, so the lifecycle logic decides on these alone and imports no SDK exception class.
 * Messages are short and name the campaign, the operation and what the service said: the provider framework puts
 * them in the FAILED reason that `cdk deploy` shows.
 */

/** The campaign does not exist (in this account and region). */
export class CampaignNotFoundError extends Error {
  public override readonly name = 'CampaignNotFoundError';

  constructor(
    public readonly campaignId: string,
    public readonly operation: string,
    cause: Error,
  ) {
    super(
      `${operation}: campaign ${campaignId} was not found in this account and region (${cause.name}: ${cause.message})`,
      { cause },
    );
  }
}

/**
 * Connect refused a write because the campaign is not `Initialized` (its `InvalidCampaignStateException`): only
 * Initialized campaigns accept limit changes.
 */
export class CampaignStateError extends Error {
  public override readonly name = 'CampaignStateError';

  constructor(
    public readonly campaignId: string,
    public readonly operation: string,
    /** The campaign's state as Connect names it, e.g. `Running`. */
    public readonly state: string,
    cause: Error,
  ) {
    super(`${operation}: campaign ${campaignId} is ${state}, not Initialized`, { cause });
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
    super(`${operation} failed for campaign ${campaignId}${attemptsText(attempts)}: ${describeCause(cause)}`, {
      cause,
    });
  }
}

/** A read of the handler's own stack failed. */
export class StackApiError extends Error {
  public override readonly name = 'StackApiError';

  constructor(
    public readonly stackId: string,
    public readonly operation: string,
    public readonly attempts: number,
    cause: unknown,
  ) {
    super(`${operation} failed for stack ${stackId}${attemptsText(attempts)}: ${describeCause(cause)}`, { cause });
  }
}

/**
 * Connect Campaigns does not know the instance: it does not exist in this account and region, or it is not set up for
 * outbound campaigns. The service reference does not say which error the second case gets; `ResourceNotFoundException`
 * is the one the model lists for a missing resource, so both read the same.
 */
export class InstanceNotFoundError extends Error {
  public override readonly name = 'InstanceNotFoundError';

  constructor(
    public readonly connectInstanceId: string,
    public readonly operation: string,
    cause: Error,
  ) {
    super(
      `${operation}: Amazon Connect instance ${connectInstanceId} was not found in this account and region, or is not ` +
        'set up for outbound campaigns; check the instance id, and enable outbound campaigns on the instance in the ' +
        `Amazon Connect console (${cause.name}: ${cause.message})`,
      { cause },
    );
  }
}

/** An instance call answered with an error that is not retried, or kept failing until the time ran out. */
export class InstanceApiError extends Error {
  public override readonly name = 'InstanceApiError';

  constructor(
    public readonly connectInstanceId: string,
    public readonly operation: string,
    public readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `${operation} failed for Amazon Connect instance ${connectInstanceId}${attemptsText(attempts)}: ` +
        describeCause(cause),
      { cause },
    );
  }
}

function attemptsText(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** PutMetricData failed. */
export class MetricsApiError extends Error {
  public override readonly name = 'MetricsApiError';

  constructor(
    public readonly operation: string,
    public readonly attempts: number,
    cause: unknown,
  ) {
    super(`${operation} failed${attemptsText(attempts)}: ${describeCause(cause)}`, { cause });
  }
}
