import {
  isAccessDenied,
  isRetryable,
  isThrottling,
  Pacer,
  RetriesExhaustedError,
  withRetries,
} from '../../lambda/retry';

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

describe('the edges of isRetryable, isAccessDenied and isThrottling', () => {
  test('any 5xx status is retried, from 500 on; a 4xx other than 429 is not', () => {
    expect(isRetryable(named('SomethingElse', { $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isRetryable(named('SomethingElse', { $metadata: { httpStatusCode: 499 } }))).toBe(false);
    expect(isRetryable(named('SomethingElse', { code: 'EPERM' }))).toBe(false);
  });

  test("AccessDenied is recognised by Connect's name and by CloudFormation's", () => {
    expect(isAccessDenied(named('AccessDeniedException'))).toBe(true);
    expect(isAccessDenied(named('AccessDenied'))).toBe(true);
    expect(isAccessDenied(named('UnauthorizedException'))).toBe(false);
    expect(isAccessDenied('AccessDenied')).toBe(false);
  });

  test.each([
    ['ThrottlingException', named('ThrottlingException')],
    ['Throttling', named('Throttling')],
    ['TooManyRequestsException', named('TooManyRequestsException')],
    ['a 429', named('SomethingElse', { $metadata: { httpStatusCode: 429 } })],
  ])('%s is throttling', (_what, error) => expect(isThrottling(error)).toBe(true));

  test.each([
    ['ConflictException', named('ConflictException')],
    ['a 500', named('InternalServerException', { $metadata: { httpStatusCode: 500 } })],
    ['a string', 'ThrottlingException'],
  ])('%s is not throttling', (_what, error) => expect(isThrottling(error)).toBe(false));
});

describe('withRetries, at its boundaries', () => {
  function clock() {
    let t = 1_000_000;
    const delays: number[] = [];
    return {
      delays,
      now: () => t,
      advance: (ms: number) => {
        t += ms;
      },
      sleep: (ms: number) => {
        delays.push(ms);
        t += ms;
        return Promise.resolve();
      },
    };
  }
  const failure = (run: Promise<unknown>) =>
    run.then(() => undefined).catch((e: unknown) => e as RetriesExhaustedError);

  test('a deadline that is now already leaves no time for a call', async () => {
    const c = clock();
    let calls = 0;
    const error = await failure(
      withRetries(
        () => {
          calls++;
          return Promise.resolve('late');
        },
        { deadline: c.now(), now: c.now, sleep: c.sleep },
      ),
    );
    expect(calls).toBe(0);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
  });

  test('the backoff is a random share of the ceiling', async () => {
    const c = clock();
    let calls = 0;
    await withRetries(() => (++calls < 4 ? Promise.reject(named('ThrottlingException')) : Promise.resolve('ok')), {
      deadline: c.now() + 600_000,
      now: c.now,
      sleep: c.sleep,
      random: () => 0.25,
    });
    expect(c.delays).toEqual([50, 100, 200]);
  });

  test('maxDelayMs caps the ceiling (the turns poll with it)', async () => {
    const c = clock();
    let calls = 0;
    await withRetries(() => (++calls < 6 ? Promise.reject(named('Throttling')) : Promise.resolve('ok')), {
      deadline: c.now() + 600_000,
      now: c.now,
      sleep: c.sleep,
      random: () => 1,
      maxDelayMs: 250,
    });
    expect(c.delays).toEqual([200, 250, 250, 250, 250]);
  });

  test('a backoff that would end exactly at the deadline is not waited', async () => {
    const c = clock();
    let calls = 0;
    const error = await failure(
      withRetries(
        () => {
          calls++;
          return Promise.reject(named('ThrottlingException'));
        },
        // The first wait (200 ms) fits; the second (400 ms) would end at 600 ms, the deadline.
        { deadline: c.now() + 600, now: c.now, sleep: c.sleep, random: () => 1 },
      ),
    );
    expect(calls).toBe(2);
    expect(error?.attempts).toBe(2);
    expect(c.delays).toEqual([200]);
  });

  test('AccessDenied is not retried without a grace, nor once the grace ends exactly now', async () => {
    const c = clock();
    let calls = 0;
    const denied = () => {
      calls++;
      return Promise.reject(named('AccessDenied'));
    };
    await failure(withRetries(denied, { deadline: c.now() + 600_000, now: c.now, sleep: c.sleep }));
    expect(calls).toBe(1);
    calls = 0;
    await failure(
      withRetries(denied, { deadline: c.now() + 600_000, accessDeniedUntil: c.now(), now: c.now, sleep: c.sleep }),
    );
    expect(calls).toBe(1);
  });

  test('each retry is reported with its error, its attempt number and its wait', async () => {
    const c = clock();
    const errors = [named('ThrottlingException'), named('ConflictException')];
    let calls = 0;
    const reported: unknown[][] = [];
    await withRetries(() => (calls < 2 ? Promise.reject(errors[calls++]) : Promise.resolve('ok')), {
      deadline: c.now() + 600_000,
      now: c.now,
      sleep: c.sleep,
      random: () => 1,
      onRetry: (...args) => reported.push(args),
    });
    expect(reported).toEqual([
      [errors[0], 1, 200],
      [errors[1], 2, 400],
    ]);
  });

  test('the error for a value that was thrown, not an Error, carries its text', async () => {
    const c = clock();
    const error = await failure(
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what is under test
      withRetries(() => Promise.reject('socket hang up'), { deadline: c.now() + 600_000, now: c.now, sleep: c.sleep }),
    );
    expect(error?.message).toBe('socket hang up');
    expect(error?.lastError).toBe('socket hang up');
    expect(error?.cause).toBe('socket hang up');
    expect(error?.name).toBe('RetriesExhaustedError');
  });

  describe('with a pacer', () => {
    /** A pacer that records what it is told and, before each attempt, may let time pass. */
    function pacer(c: ReturnType<typeof clock>, options: { waits?: number[]; takesOver?: boolean } = {}) {
      const outcomes: string[] = [];
      let before = 0;
      const p: Pacer = {
        beforeAttempt: () => {
          c.advance(options.waits?.[before] ?? 0);
          before++;
          return Promise.resolve();
        },
        afterAttempt: (outcome) => {
          outcomes.push(outcome);
          return Promise.resolve(options.takesOver ?? false);
        },
      };
      return { p, outcomes, befores: () => before };
    }

    test('is waited for before every attempt and told of every outcome: throttled, failed, ok', async () => {
      const c = clock();
      const { p, outcomes, befores } = pacer(c);
      const answers = [
        () => Promise.reject(named('TooManyRequestsException')),
        () => Promise.reject(named('InternalServerException')),
        () => Promise.resolve('done'),
      ];
      let calls = 0;
      const value = await withRetries(() => answers[calls++](), {
        deadline: c.now() + 600_000,
        now: c.now,
        sleep: c.sleep,
        random: () => 1,
        pacer: p,
      });
      expect(value).toBe('done');
      expect(befores()).toBe(3);
      expect(outcomes).toEqual(['throttled', 'failed', 'ok']);
      expect(c.delays).toEqual([200, 400]);
    });

    test('when it takes over the wait of a throttled attempt, no backoff is added', async () => {
      const c = clock();
      const { p } = pacer(c, { takesOver: true });
      const onRetry = jest.fn();
      let calls = 0;
      await withRetries(() => (++calls < 3 ? Promise.reject(named('ThrottlingException')) : Promise.resolve('ok')), {
        deadline: c.now() + 600_000,
        now: c.now,
        sleep: c.sleep,
        random: () => 1,
        pacer: p,
        onRetry,
      });
      // Retried twice with no delay, and no sleep of nothing (a timer of at least 1 ms, for no reason).
      expect(onRetry.mock.calls.map(([, attempt, delayMs]) => [attempt, delayMs])).toEqual([
        [1, 0],
        [2, 0],
      ]);
      expect(c.delays).toEqual([]);
    });

    test('a wait for the pacer that reaches the deadline starts no call, and the error keeps the last failure', async () => {
      const c = clock();
      const { p } = pacer(c, { waits: [0, 10_000] });
      let calls = 0;
      const error = await failure(
        withRetries(
          () => {
            calls++;
            return Promise.reject(named('ThrottlingException'));
          },
          { deadline: c.now() + 10_000, now: c.now, sleep: c.sleep, random: () => 1, pacer: p },
        ),
      );
      expect(calls).toBe(1);
      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect(error?.attempts).toBe(1);
      expect(error?.lastError).toMatchObject({ name: 'ThrottlingException' });
    });

    test('a first wait for the pacer that reaches the deadline: no call, no attempt, out of time', async () => {
      const c = clock();
      const { p } = pacer(c, { waits: [10_000] });
      let calls = 0;
      const error = await failure(
        withRetries(
          () => {
            calls++;
            return Promise.resolve('late');
          },
          { deadline: c.now() + 10_000, now: c.now, sleep: c.sleep, pacer: p },
        ),
      );
      expect(calls).toBe(0);
      expect(error?.attempts).toBe(0);
      expect(error?.lastError).toMatchObject({ name: 'OutOfTimeError' });
    });
  });
});

describe('withRetries without a sleep of its own', () => {
  afterEach(() => jest.useRealTimers());

  test('waits out the backoff on the timers before the next attempt', async () => {
    jest.useFakeTimers();
    let calls = 0;
    const done = withRetries(
      () => (++calls < 2 ? Promise.reject(named('ThrottlingException')) : Promise.resolve('ok')),
      {
        deadline: Date.now() + 60_000,
        random: () => 1,
      },
    );
    await jest.advanceTimersByTimeAsync(199);
    expect(calls).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toBe('ok');
    expect(calls).toBe(2);
  });
});
