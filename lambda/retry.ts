/**
 * Retries with full-jitter exponential backoff until a deadline.
 *
 * The SDK's own retry strategy is switched off (`maxAttempts: 1`) in favour of this one because the SDK's does not
 * retry ConflictException, stops after a fixed number of attempts rather than at the Lambda's deadline, and shares
 * a retry quota that a throttled burst of dozens of resources drains. Campaign mutations are allowed about a request
 * or two per second, so many resources created at once must keep retrying, spread out, until they get through.
 */

/** Errors worth another attempt: throttling, server faults, transient conflicts, and the network. */
const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'Throttling', // CloudFormation's name for it
  'TooManyRequestsException',
  'ConflictException',
  'InternalServerException',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
]);
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * IAM is eventually consistent: a policy that CloudFormation has just attached (on the first deploy, or when the set
 * of campaigns changes) may take a few seconds to apply. AccessDenied is retried for this long into a request.
 */
export const ACCESS_DENIED_GRACE_MS = 60_000;

export function isAccessDenied(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AccessDeniedException' || error.name === 'AccessDenied');
}

export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $metadata, code } = error as Error & { $metadata?: { httpStatusCode?: number }; code?: string };
  const status = $metadata?.httpStatusCode;
  return (
    RETRYABLE_ERROR_NAMES.has(error.name) ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    (code !== undefined && RETRYABLE_NETWORK_CODES.has(code))
  );
}

/** The first backoff ceiling; it doubles with every attempt, up to `MAX_DELAY_MS`. */
export const BASE_DELAY_MS = 200;
/** The largest backoff ceiling. */
export const MAX_DELAY_MS = 5_000;

/** Throttling, as Connect and CloudFormation name it. */
export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    error.name === 'ThrottlingException' ||
    error.name === 'Throttling' ||
    error.name === 'TooManyRequestsException' ||
    status === 429
  );
}

/**
 * Decides when the calls of a crowd of invocations go (`turns.ts`): waited for before every attempt, told of every
 * outcome. When it answers a throttled attempt with `true`, it has taken over the wait and no backoff is added.
 */
export interface Pacer {
  beforeAttempt(): Promise<void>;
  afterAttempt(outcome: 'ok' | 'throttled' | 'failed'): Promise<boolean>;
}

export interface RetryOptions {
  /** Epoch milliseconds after which no new attempt starts. */
  readonly deadline: number;
  /** Epoch milliseconds until which AccessDenied is retried (see `ACCESS_DENIED_GRACE_MS`); by default, never. */
  readonly accessDeniedUntil?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Spaces the attempts of a crowd of invocations; none by default. */
  readonly pacer?: Pacer;
  /** Called before each backoff, for logging. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** The largest backoff ceiling (default `MAX_DELAY_MS`). */
  readonly maxDelayMs?: number;
}

/** A call that did not succeed: its last error (also the `cause`) and how many attempts it made. */
export class RetriesExhaustedError extends Error {
  public override readonly name = 'RetriesExhaustedError';

  constructor(
    public readonly lastError: unknown,
    public readonly attempts: number,
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError), { cause: lastError });
  }
}

/** The request's time is up before a call could start (an earlier call used it). */
export class OutOfTimeError extends Error {
  public override readonly name = 'OutOfTimeError';

  constructor() {
    super('no time left before the Lambda timeout to start this call');
  }
}

/**
 * Runs `call` until it succeeds, fails with an error that is not retryable, or the next backoff would end past the
 * deadline. No call starts after the deadline. Throws `RetriesExhaustedError` carrying the last error and the number of
 * attempts.
 */
export async function withRetries<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  if (now() >= options.deadline) throw new RetriesExhaustedError(new OutOfTimeError(), 0);
  const pacer = options.pacer;
  let lastError: unknown = new OutOfTimeError();
  for (let attempt = 1; ; attempt++) {
    if (pacer) {
      await pacer.beforeAttempt();
      if (now() >= options.deadline) throw new RetriesExhaustedError(lastError, attempt - 1);
    }
    try {
      const result = await call();
      await pacer?.afterAttempt('ok');
      return result;
    } catch (error) {
      lastError = error;
      const paced = (await pacer?.afterAttempt(isThrottling(error) ? 'throttled' : 'failed')) ?? false;
      const ceiling = Math.min(options.maxDelayMs ?? MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt - 1, 30));
      const delayMs = paced ? 0 : Math.round(random() * ceiling);
      const retryable = isRetryable(error) || (isAccessDenied(error) && now() < (options.accessDeniedUntil ?? 0));
      if (!retryable || now() + delayMs >= options.deadline) {
        throw new RetriesExhaustedError(error, attempt);
      }
      options.onRetry?.(error, attempt, delayMs);
      if (delayMs > 0) await sleep(delayMs); // paced: the pacer has waited already
    }
  }
}
