/**
 * The handler's own failures, one small class each. The modules that call AWS (`campaign-api.ts`, `stack-api.ts`)
 * turn SDK errors into these, so the lifecycle logic decides on these alone and imports no SDK exception class.
 * Messages are short and name the campaign, the operation and what the service said: the provider framework puts
 * them in the FAILED reason that `cdk deploy` shows.
 */
import { OWNER_STACK_TAG } from './ownership';

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

/**
 * Another stack manages the campaign's limits (its owner tags, see `ownership.ts`): writing would silently overwrite
 * that stack's limits, and deleting either stack would remove the other's.
 */
export class CampaignOwnedElsewhereError extends Error {
  public override readonly name = 'CampaignOwnedElsewhereError';

  constructor(
    public readonly campaignId: string,
    public readonly ownerStackId: string,
    public readonly ownerLogicalId: string,
  ) {
    super(
      `Campaign ${campaignId} already has its communication limits managed by resource ${ownerLogicalId} of stack ` +
        `${ownerStackId} (its tag ${OWNER_STACK_TAG}); one campaign can be managed by one stack only. To move it, ` +
        `see "Moving a construct to another stack" in the README`,
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

/**
 * The longest message, in UTF-8 bytes, that the handler lets the provider framework report. CloudFormation refuses
 * a response over 4,096 bytes ("Response object is too long", aws/aws-cdk#28498) and the real reason is lost. The
 * framework's FAILED response carries, besides this message: the stack id (up to 229 bytes), request id, logical id
 * (up to 255), physical id (a campaign id, up to 256), a `Logs: /aws/lambda/<function>` line and the stack trace of
 * the error (at most 10 frames, as V8 records them), all JSON-escaped. 1,000 bytes leave room for all of that; the
 * lifecycle test measures the framework's real response at the worst case. A message of several lines (one problem
 * per line) counts about twice: the framework repeats all its lines but the first in the trace.
 */
export const MAX_MESSAGE_BYTES = 1_000;
const TRUNCATION_MARK = ' [...] (truncated: the full message is in the handler log)';

/**
 * What the handler throws, fitted into CloudFormation's response: a message of at most `MAX_MESSAGE_BYTES`, its line
 * breaks kept and other control characters (which JSON escapes into several bytes) made spaces. The start is kept: our messages begin with the
 * operation and the campaign, then the service's own words. The error's name is kept and the original is its cause.
 */
export function fitForResponse(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const clean = original.message.replace(/(?:(?!\n)\p{Cc})+/gu, ' ');
  if (clean === original.message && Buffer.byteLength(clean, 'utf8') <= MAX_MESSAGE_BYTES) return original;
  const fitted = new Error(truncateBytes(clean, MAX_MESSAGE_BYTES), { cause: original });
  fitted.name = original.name;
  return fitted;
}

/** `text` if it fits in `maxBytes` of UTF-8, else its longest start (whole characters) followed by the mark. */
function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(TRUNCATION_MARK, 'utf8');
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end) + TRUNCATION_MARK;
}
