import { isRetryable, RetriesExhaustedError, withRetries } from '../../lambda/retry';

const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe('isRetryable', () => {
  test.each([
    named('ThrottlingException'),
    named('Throttling'),
    named('ConflictException'),
    named('InternalServerException'),
    named('TimeoutError'),
    named('SomethingElse', { $metadata: { httpStatusCode: 503 } }),
    named('SomethingElse', { $metadata: { httpStatusCode: 429 } }),
    named('Error', { code: 'ECONNRESET' }),
  ])('%s is retried', (error) => expect(isRetryable(error)).toBe(true));

  test.each([
    named('ValidationException', { $metadata: { httpStatusCode: 400 } }),
    named('ResourceNotFoundException', { $metadata: { httpStatusCode: 404 } }),
    named('InvalidCampaignStateException', { $metadata: { httpStatusCode: 409 } }),
    named('AccessDeniedException', { $metadata: { httpStatusCode: 403 } }),
    'not an error',
  ])('%s is not retried by itself', (error) => expect(isRetryable(error)).toBe(false));
});

describe('withRetries', () => {
  /** A fake clock: sleeping advances it, nothing waits. */
  function clock() {
    let t = 1_000_000;
    const delays: number[] = [];
    return {
      delays,
      now: () => t,
      sleep: (ms: number) => {
        delays.push(ms);
        t += ms;
        return Promise.resolve();
      },
    };
  }

  test('backs off with full jitter, doubling up to the cap', async () => {
    const c = clock();
    let calls = 0;
    const value = await withRetries(
      () => (++calls < 8 ? Promise.reject(named('ThrottlingException')) : Promise.resolve('done')),
      { deadline: c.now() + 600_000, now: c.now, sleep: c.sleep, random: () => 1 },
    );
    expect(value).toBe('done');
    expect(c.delays).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  test('stops before a backoff would pass the deadline, with the last error and the attempt count', async () => {
    const c = clock();
    const failing = () => Promise.reject(named('ThrottlingException'));
    const error = await withRetries(failing, { deadline: c.now() + 2_000, now: c.now, sleep: c.sleep, random: () => 1 })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(4); // waits 200 + 400 + 800; a 1,600 ms wait would end past it
    expect((error as RetriesExhaustedError).lastError).toMatchObject({ name: 'ThrottlingException' });
  });

  test('retries AccessDenied only until the grace ends', async () => {
    const c = clock();
    const denied = () => Promise.reject(named('AccessDeniedException'));
    const error = (await withRetries(denied, {
      deadline: c.now() + 600_000,
      accessDeniedUntil: c.now() + 10_000,
      now: c.now,
      sleep: c.sleep,
      random: () => 1,
    }).catch((e: unknown) => e)) as RetriesExhaustedError;
    expect(c.now()).toBeGreaterThanOrEqual(1_000_000 + 10_000);
    expect(c.now()).toBeLessThan(1_000_000 + 10_000 + 5_000);
    expect(error.lastError).toMatchObject({ name: 'AccessDeniedException' });
  });

  test('starts no call once the deadline has passed (an earlier call used the time)', async () => {
    const c = clock();
    let calls = 0;
    const error = (await withRetries(
      () => {
        calls++;
        return Promise.resolve('late');
      },
      { deadline: c.now() - 1, now: c.now, sleep: c.sleep },
    ).catch((e: unknown) => e)) as RetriesExhaustedError;
    expect(calls).toBe(0);
    expect(error.attempts).toBe(0);
    expect(error.lastError).toMatchObject({ name: 'OutOfTimeError' });
  });

  test('does not retry what is not retryable', async () => {
    const c = clock();
    let calls = 0;
    await withRetries(
      () => {
        calls++;
        return Promise.reject(named('ValidationException'));
      },
      { deadline: c.now() + 600_000, now: c.now, sleep: c.sleep },
    ).catch(() => undefined);
    expect(calls).toBe(1);
  });
});
