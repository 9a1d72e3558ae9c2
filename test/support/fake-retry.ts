/** Retries on a fake clock, for the tests of the API modules, and the error a call fails with. */
import type { RetryOptions } from '../../lambda/retry';

/** Retry options on a fake clock: sleeping advances it, nothing waits; every backoff is its full ceiling. */
export function retryOnFakeClock(extra: Partial<Omit<RetryOptions, 'onRetry'>> = {}): Omit<RetryOptions, 'onRetry'> {
  let t = 1_000_000;
  return {
    deadline: t + 60_000,
    now: () => t,
    sleep: (ms: number) => {
      t += ms;
      return Promise.resolve();
    },
    random: () => 1,
    ...extra,
  };
}

/** The error a call rejects with (undefined if it resolves). */
export const failureOf = (call: Promise<unknown>) => call.then(() => undefined).catch((error: unknown) => error);
