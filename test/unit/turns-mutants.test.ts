/**
 * Turns (lambda/turns.ts), the cases the mutation run found untested: the order of the line whatever the order of
 * CloudFormation's listing, members that had their turn before this one joined, what the skip and the polls are
 * timed from, how a turn is judged late, and what is logged of each decision. A fake clock and a scripted stack, as
 * in turns.test.ts.
 */
import {
  CrowdMember,
  FIRST_PACE_MS,
  FIRST_TURN_DELAY_MS,
  GROW,
  HANDOFF_MS,
  MIN_PACE_MS,
  MIN_POLL_MS,
  PACES_PER_TURN,
  RECORD_LATENCY_MS,
  replayPaces,
  searchedPace,
  SHRINK,
  SKIP_MIN_MS,
  Turns,
  TurnsOptions,
} from '../../lambda/turns';

const T0 = 1_000_000;

/** A fake clock: sleeping advances it, nothing waits. A member that never stops waiting fails the test. */
function clock() {
  let t = T0;
  let sleeps = 0;
  return {
    now: () => t,
    sleep: (ms: number) => {
      if (++sleeps > 10_000) return Promise.reject(new Error('still waiting after 10000 sleeps'));
      t += ms;
      return Promise.resolve();
    },
  };
}

/**
 * The stack's resources over time, listed in the given order: each member starts in progress at T0 and completes at
 * its `done` time (never when undefined). Members given as a CrowdMember are shown as such all along; as a function,
 * as it says at the time.
 */
type Script = number | undefined | CrowdMember | ((now: number) => CrowdMember);

function stack(members: Record<string, Script>, now: () => number) {
  const reads: number[] = [];
  const polls: { at: number; id: string }[] = [];
  const view = (): CrowdMember[] =>
    Object.entries(members).map(([logicalId, done]) => {
      if (typeof done === 'object') return done;
      if (typeof done === 'function') return done(now());
      return done !== undefined && now() >= done
        ? { logicalId, status: 'CREATE_COMPLETE', updatedAt: done }
        : { logicalId, status: 'CREATE_IN_PROGRESS', updatedAt: T0 };
    });
  return {
    reads,
    polls,
    readCrowd: (): Promise<CrowdMember[]> => {
      reads.push(now());
      return Promise.resolve(view());
    },
    readMember: (logicalId: string): Promise<CrowdMember | undefined> => {
      polls.push({ at: now(), id: logicalId });
      return Promise.resolve(view().find((member) => member.logicalId === logicalId));
    },
  };
}

function turnsFor(
  logicalId: string,
  members: Record<string, Script>,
  extra: Partial<TurnsOptions> & { polled?: boolean } = {},
) {
  const c = clock();
  const s = stack(members, c.now);
  const events: [string, Record<string, unknown>][] = [];
  const { polled, ...options } = extra;
  const turns = new Turns({
    logicalId,
    readCrowd: s.readCrowd,
    ...(polled === true ? { readMember: s.readMember } : {}),
    waitUntil: T0 + 600_000,
    now: c.now,
    sleep: c.sleep,
    onEvent: (event, details) => events.push([event, details]),
    ...options,
  });
  const logged = (event: string) => events.filter(([name]) => name === event).map(([, details]) => details);
  return { turns, c, s, events, logged };
}

/** Members R000, R001... that complete at the given times, then `Y` that never runs, then `Z`, the one waiting. */
function behindAnAbsentHead(doneAt: readonly number[]) {
  const members = Object.fromEntries(doneAt.map((at, i) => [`R${String(i).padStart(3, '0')}`, at]));
  return turnsFor('Z', { ...members, Y: undefined, Z: undefined });
}

/** Completion times of turns that each began HANDOFF_MS after the one before and took `lengths` (ms). */
function completions(first: number, lengths: number[]): number[] {
  const done = [first];
  for (const length of lengths) done.push(done.at(-1)! + HANDOFF_MS + length);
  return done;
}
const onTime = (p: number) => PACES_PER_TURN * p - RECORD_LATENCY_MS;

describe('joining', () => {
  test('a crowd that cannot be read is logged, and the invocation goes alone', async () => {
    const error = new Error('AccessDenied');
    const { turns, logged } = turnsFor('A', {}, { readCrowd: () => Promise.reject(error) });
    expect(await turns.join()).toBe(false);
    expect(logged('Could not read the crowd; going without turns')).toEqual([{ error }]);
  });

  test('an Update throttled whose crowd cannot be read keeps the backoff of retry.ts', async () => {
    const { turns } = turnsFor('A', {}, { readCrowd: () => Promise.reject(new Error('Throttling')) });
    expect(await turns.afterAttempt('throttled')).toBe(false);
    expect(turns.inCrowd).toBe(false);
  });

  test('an Update throttled while it is the only one in progress keeps the backoff of retry.ts', async () => {
    const { turns, s } = turnsFor('A', { A: undefined, B: T0 - 5 });
    expect(await turns.afterAttempt('throttled')).toBe(false);
    expect(s.reads).toHaveLength(1);
  });

  test('the line is in logical-id order, whatever order CloudFormation lists the resources in', async () => {
    const { turns, c } = turnsFor('B', { B: undefined, A: T0 + 3_000 });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(T0 + 3_000 + HANDOFF_MS);
  });

  test('the first turn is due after CloudFormation started the crowd, not after the member joined', async () => {
    const { turns, c } = turnsFor('A', { A: undefined, B: undefined });
    await c.sleep(1_000);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(T0 + FIRST_TURN_DELAY_MS);
  });

  test('a member whose own resource the read does not show in progress still takes its place in the line', async () => {
    // An Update listed with the status of the operation before.
    const previous = { logicalId: 'A', status: 'UPDATE_COMPLETE', updatedAt: T0 - 100_000 };
    const first = turnsFor('A', { A: previous, B: undefined });
    expect(await first.turns.join()).toBe(true);
    await first.turns.beforeAttempt();
    expect(first.c.now()).toBe(T0 + FIRST_TURN_DELAY_MS);

    const last = turnsFor('D', { A: undefined, B: undefined, C: undefined });
    await last.turns.join();
    expect(last.logged('Joined a crowd')).toEqual([{ crowd: 4, ahead: 3, sinceCrowdStart: 0 }]);
  });

  test('the members that had their turn before this one joined count: their completions give the pace', async () => {
    const aDone = T0 + FIRST_TURN_DELAY_MS + 3 * FIRST_PACE_MS;
    const bDone = aDone + HANDOFF_MS + 3 * FIRST_PACE_MS - RECORD_LATENCY_MS;
    const { turns, c, logged } = turnsFor('C', { A: aDone, B: bDone, C: undefined, D: undefined });
    await c.sleep(bDone + 1_000 - T0);
    await turns.join();
    await turns.beforeAttempt();
    expect(turns.currentPace).toBeCloseTo(FIRST_PACE_MS * SHRINK, 5);
    expect(logged('Turn started')).toEqual([
      { reason: 'turn', pace: Math.round(FIRST_PACE_MS * SHRINK), informed: true },
    ]);
  });

  test('a resource that had not started when the member joined is not of its crowd: its completion does not count', async () => {
    // X, updated long ago, runs and completes while B waits for A.
    const x = (now: number): CrowdMember =>
      now < T0 + 2_500
        ? { logicalId: 'X', status: 'UPDATE_COMPLETE', updatedAt: T0 - 100_000 }
        : { logicalId: 'X', status: 'UPDATE_COMPLETE', updatedAt: T0 + 2_500 };
    const { turns, c } = turnsFor('B', { A: T0 + 4_000, B: undefined, X: x });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(T0 + 4_000 + HANDOFF_MS);
    // One completion of its crowd, A's: no pace to replay, the turn searches.
    expect(turns.currentPace).toBe(FIRST_PACE_MS);
  });

  test('a member that completed the moment the crowd started is one of it', async () => {
    const { turns, c } = turnsFor('B', {
      A: { logicalId: 'A', status: 'CREATE_COMPLETE', updatedAt: T0 },
      B: undefined,
      C: undefined,
    });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(T0 + HANDOFF_MS);
  });

  test('joining a crowd is logged with its size, the place in it, and how long after the crowd started', async () => {
    const { turns, c, logged } = turnsFor('B', { A: undefined, B: undefined, C: undefined });
    await c.sleep(700);
    await turns.join();
    expect(logged('Joined a crowd')).toEqual([{ crowd: 3, ahead: 1, sinceCrowdStart: 700 }]);
  });
});

describe('the calls of a turn', () => {
  test('a call that fails for another reason than a throttle neither slows the turn nor skips the backoff', async () => {
    const { turns, s } = turnsFor('A', { A: undefined, B: undefined });
    // Before joining (an Update): no crowd is read for it.
    expect(await turns.afterAttempt('failed')).toBe(false);
    expect(s.reads).toHaveLength(0);
    await turns.join();
    await turns.beforeAttempt();
    expect(await turns.afterAttempt('failed')).toBe(false);
    expect(turns.currentPace).toBe(FIRST_PACE_MS);
  });

  test('a first turn that was throttled does not halve its pace at the next success', async () => {
    const { turns } = turnsFor('A', { A: undefined, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    await turns.beforeAttempt();
    await turns.afterAttempt('throttled');
    expect(turns.currentPace).toBe(2 * FIRST_PACE_MS);
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    expect(turns.currentPace).toBe(2 * FIRST_PACE_MS);
  });

  test('the search ends at the first throttle after a success: a throttle after it slows the pace by GROW', async () => {
    const { turns } = turnsFor('A', { A: undefined, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    await turns.beforeAttempt();
    await turns.afterAttempt('ok'); // halved: FIRST_PACE_MS / 2
    await turns.beforeAttempt();
    await turns.afterAttempt('throttled'); // back to what worked, and the search ends
    expect(turns.currentPace).toBe(FIRST_PACE_MS);
    await turns.beforeAttempt();
    await turns.afterAttempt('throttled');
    expect(turns.currentPace).toBeCloseTo(FIRST_PACE_MS * GROW, 5);
  });
});

describe('waiting for the turn', () => {
  test('a skip is logged with the member skipped, and the turn after it with its reason', async () => {
    const { turns, logged } = turnsFor('B', { A: undefined, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(logged('Skipped a member that is not taking its turn')).toEqual([{ member: 'A' }]);
    expect(logged('Turn started')).toEqual([
      { reason: 'the member ahead did not take its turn', pace: FIRST_PACE_MS, informed: false },
    ]);
  });

  test('a turn taken at the deadline says so', async () => {
    const { turns, logged } = turnsFor('C', { A: T0 + 4_000, B: undefined, C: undefined }, { waitUntil: T0 + 6_000 });
    await turns.join();
    await turns.beforeAttempt();
    expect(logged('Turn started')).toEqual([{ reason: 'the deadline is near', pace: FIRST_PACE_MS, informed: false }]);
  });

  test('a read that fails while waiting is logged, and the turn taken says why', async () => {
    const error = new Error('Throttling');
    let reads = 0;
    const { turns, logged } = turnsFor(
      'B',
      {},
      {
        readCrowd: () =>
          ++reads === 1
            ? Promise.resolve([
                { logicalId: 'A', status: 'CREATE_IN_PROGRESS', updatedAt: T0 },
                { logicalId: 'B', status: 'CREATE_IN_PROGRESS', updatedAt: T0 },
              ])
            : Promise.reject(error),
      },
    );
    await turns.join();
    await turns.beforeAttempt();
    expect(logged('Could not read the crowd; taking the turn')).toEqual([{ error }]);
    expect(logged('Turn started')).toEqual([
      { reason: 'the crowd could not be read', pace: FIRST_PACE_MS, informed: false },
    ]);
  });

  test('with several members ahead the crowd is read; only the last one ahead is polled on its own', async () => {
    const { turns, c, s } = turnsFor('C', { A: T0 + 3_000, B: T0 + 4_500, C: undefined }, { polled: true });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(T0 + 4_500 + HANDOFF_MS);
    expect(s.polls.length).toBeGreaterThan(0);
    expect(new Set(s.polls.map((poll) => poll.id))).toEqual(new Set(['B']));
  });

  test('a member that polls the one ahead on its own still replays the pace from the completions before', async () => {
    const aDone = T0 + FIRST_TURN_DELAY_MS + 3 * FIRST_PACE_MS;
    const bDone = aDone + HANDOFF_MS + 3 * FIRST_PACE_MS - RECORD_LATENCY_MS;
    const { turns, s } = turnsFor('C', { A: aDone, B: bDone, C: undefined }, { polled: true });
    await turns.join();
    await turns.beforeAttempt();
    expect(s.polls.length).toBeGreaterThan(0);
    expect(turns.currentPace).toBeCloseTo(FIRST_PACE_MS * SHRINK, 5);
  });

  test('a member ahead that ends its turn a little early is seen in time: the turn starts HANDOFF_MS after', async () => {
    // Turns of 1.5 s, then one of 1.3 s.
    const doneAt = [3_500, 5_000, 6_500, 7_800].map((at) => T0 + at);
    const { turns, c } = turnsFor('E', { A: doneAt[0], B: doneAt[1], C: doneAt[2], D: doneAt[3], E: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[3] + HANDOFF_MS);
  });

  test('a member ahead that ends its turn long before expected is seen within a quarter turn', async () => {
    // Turns of 1.5 s, then one of 0.6 s; E joins just after C completed, D ahead of it.
    const doneAt = [3_500, 5_000, 6_500, 7_100].map((at) => T0 + at);
    const { turns, c } = turnsFor('E', { A: doneAt[0], B: doneAt[1], C: doneAt[2], D: doneAt[3], E: undefined });
    await c.sleep(doneAt[2] + 10 - T0);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBeLessThanOrEqual(doneAt[3] + 1_500 / 4);
  });

  test('behind long turns, a member ahead that ends late is still seen in time', async () => {
    // Turns of 10 s, then one of 11.234 s: the member polls at most MAX_POLL_MS apart while it is overdue.
    const doneAt = [12_000, 22_000, 32_000, 43_234].map((at) => T0 + at);
    const { turns, c } = turnsFor('E', { A: doneAt[0], B: doneAt[1], C: doneAt[2], D: doneAt[3], E: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[3] + HANDOFF_MS);
  });

  test('behind quick turns, the member ahead is polled no more often than every MIN_POLL_MS', async () => {
    const doneAt = Array.from({ length: 6 }, (_, i) => T0 + FIRST_TURN_DELAY_MS + (i + 1) * 600);
    const members = Object.fromEntries(doneAt.map((at, i) => [`R${i}`, at]));
    const { turns, s } = turnsFor('Z', { ...members, Z: undefined }, { polled: true });
    await turns.join();
    await turns.beforeAttempt();
    const times = s.polls.map((poll) => poll.at);
    expect(times.length).toBeGreaterThan(1);
    const gaps = times.slice(1).map((at, i) => at - times[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_POLL_MS);
  });
});

describe('the length of a turn, as the skip measures it', () => {
  test('after one turn, the skip waits four times that turn, counted from when the first turn was due', async () => {
    const first = T0 + FIRST_TURN_DELAY_MS + 3_000;
    const { turns, c } = behindAnAbsentHead([first]);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(first + HANDOFF_MS + 4 * 3_000);
  });

  test('after two turns, the first turn (whose start is a guess) is not measured', async () => {
    const first = T0 + FIRST_TURN_DELAY_MS + 4_000;
    const { turns, c } = behindAnAbsentHead([first, first + 1_500]);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(first + 1_500 + HANDOFF_MS + 4 * 1_500);
  });

  test('the skip waits four times the median of the five latest turns', async () => {
    const lengths = [3_000, 3_000, 3_000, 1_000, 1_000, 3_000, 3_000, 1_000];
    const doneAt = [T0 + FIRST_TURN_DELAY_MS + 3_000];
    for (const length of lengths) doneAt.push(doneAt.at(-1)! + length);
    const { turns, c } = behindAnAbsentHead(doneAt);
    await turns.join();
    await turns.beforeAttempt();
    // The median of the five latest is 1 s: four of them are less than SKIP_MIN_MS.
    expect(c.now()).toBe(doneAt.at(-1)! + HANDOFF_MS + SKIP_MIN_MS);
  });

  test('the completions are taken in time order, whatever order CloudFormation lists the resources in', async () => {
    const doneAt = [3_500, 5_000, 6_500].map((at) => T0 + at);
    const { turns, c } = turnsFor('Z', { R2: doneAt[2], R1: doneAt[1], R0: doneAt[0], Y: undefined, Z: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[2] + HANDOFF_MS + SKIP_MIN_MS + 1_000);
  });
});

describe('replayPaces', () => {
  test("the second turn's pace is read right at every pace its search can keep", () => {
    for (const kept of [1 / 8, 1 / 4, 1 / 2, 1, 2, 4].map((share) => share * FIRST_PACE_MS)) {
      expect(replayPaces(completions(T0, [onTime(kept)]))).toBeCloseTo(kept * SHRINK, 5);
    }
  });

  test('a turn that ended three quarters of a pace late was late', () => {
    const second = FIRST_PACE_MS;
    const third = second * SHRINK;
    const done = completions(T0, [onTime(second), onTime(third) + 0.75 * third]);
    expect(replayPaces(done)).toBeCloseTo(third * GROW, 5);
  });

  test('a turn that ended exactly half a pace late was on time', () => {
    const second = 2 * FIRST_PACE_MS;
    const third = second * SHRINK;
    const done = completions(T0, [onTime(second), onTime(third) + third / 2]);
    expect(replayPaces(done)).toBeCloseTo(third * SHRINK ** 2, 5);
  });

  /**
   * Completions of on-time turns from a second turn at 4 * FIRST_PACE_MS, each the given lateness later than planned
   * (all less than half a pace), then one `last(pace, recordTime)` later; and the pace each turn had.
   */
  function run(lateness: number[], last: (pace: number) => number) {
    let pace = 4 * FIRST_PACE_MS;
    const done = completions(T0, [onTime(pace)]);
    const paces = [pace];
    lateness.forEach((by, i) => {
      pace *= SHRINK ** Math.min(i + 1, 3);
      paces.push(pace);
      done.push(done.at(-1)! + HANDOFF_MS + onTime(pace) + by);
    });
    pace *= SHRINK ** 3;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(pace) + last(pace));
    return { done, pace };
  }

  test("CloudFormation's time to record an end is the least lateness of the five turns before", () => {
    // A turn late by half a pace and 100 ms is on time when CloudFormation has lately taken 200 ms.
    const { done, pace } = run([0, 200, 200, 200, 200, 200], (p) => p / 2 + 100);
    expect(replayPaces(done)).toBeCloseTo(pace * SHRINK ** 3, 5);
  });

  test("CloudFormation's time to record an end comes down when a turn among the five before was quicker", () => {
    const { done, pace } = run([200, 0, 200, 200, 200, 200], (p) => p / 2 + 100);
    expect(replayPaces(done)).toBeCloseTo(pace * GROW, 5);
  });

  test('a late turn does not raise the time taken to record an end', () => {
    // The turn late by a pace was late; so is the one after it.
    let pace = 4 * FIRST_PACE_MS;
    const done = completions(T0, [onTime(pace)]);
    pace *= SHRINK;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(pace));
    pace *= SHRINK ** 2;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(pace) + pace);
    pace *= GROW;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(pace) + pace);
    expect(replayPaces(done)).toBeCloseTo(pace * GROW, 5);
  });

  test('completions closer together than a handoff make the quickest pace, not a broken one', () => {
    expect(searchedPace(-10)).toBe(MIN_PACE_MS);
    expect(replayPaces([T0, T0 + 10])).toBeCloseTo(MIN_PACE_MS, 5);
  });
});
