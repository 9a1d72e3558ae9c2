/**
 * Turns (lambda/turns.ts) against a fake clock and a scripted stack: who goes when, at what pace, and when an
 * invocation stops waiting; the order of the line whatever the order of CloudFormation's listing, what the skip and
 * the polls are timed from, how a turn is judged late, and what is logged of each decision.
 */
import { withRetries } from '../../lambda/retry';
import {
  crowdOf,
  CrowdMember,
  FIRST_PACE_MS,
  DEFERRED_JOIN_AHEAD,
  FIRST_TURN_DELAY_MS,
  firstPagesOf,
  GROW,
  HANDOFF_MS,
  JOIN_FIRST_PAGES,
  MAX_SHRINK_STEPS,
  memberOf,
  MIN_PACE_MS,
  MIN_POLL_MS,
  PACES_PER_TURN,
  QUICKEST_TURN_GUESS_MS,
  RECORD_LATENCY_MS,
  replayPaces,
  searchedPace,
  SEARCHING_TURNS,
  SHRINK,
  SKIP_MIN_MS,
  Turns,
  TurnsOptions,
} from '../../lambda/turns';
import { INSTANCE_RESOURCE_TYPE, RESOURCE_TYPE } from '../../lib/shared/contract';

const T0 = 1_000_000;

/**
 * A fake clock: sleeping advances it, nothing waits. A member that never stops waiting fails the test, and so does a
 * sleep of no time.
 */
function clock() {
  let t = T0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms: number) => {
      if (sleeps.length >= 10_000) return Promise.reject(new Error('still waiting after 10000 sleeps'));
      // A sleep of nothing still yields to the event loop (a timer of at least 1 ms): the turns sleep only to wait.
      if (!Number.isFinite(ms) || ms <= 0) return Promise.reject(new Error(`a sleep of ${ms} ms`));
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

/**
 * The stack's resources over time, listed in the given order: each member starts in progress at T0 and completes at
 * its `done` time (never when undefined). Members given as a CrowdMember are shown as such all along; as a function,
 * as it says at the time. Counts the reads of the crowd, and the polls of one member (`readMember`).
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

/** Options of the turns, and `polled`: the member ahead is polled on its own (the stack's `readMember`). */
type Extra = Partial<TurnsOptions> & { polled?: boolean };

/** The turns of `logicalId` in the scripted stack; `logged(event)` lists the details of each event of that name. */
function turnsFor(logicalId: string, members: Record<string, Script>, extra: Extra = {}) {
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
  return { turns, c, s, logged, events };
}

/**
 * Completion times of the searching turns of a crowd (SEARCHING_TURNS of them): the first ends 3 paces of
 * FIRST_PACE_MS after the first turn was due; each after it began HANDOFF_MS after the one before ended and ended
 * RECORD_LATENCY_MS before its three paces of `pace` were up.
 */
function searchingTurnsDone(pace = FIRST_PACE_MS): number[] {
  const done = [T0 + FIRST_TURN_DELAY_MS + 3 * FIRST_PACE_MS];
  while (done.length < SEARCHING_TURNS) done.push(done.at(-1)! + HANDOFF_MS + 3 * pace - RECORD_LATENCY_MS);
  return done;
}

/** The first member after the searching turns, which have ended: informed, at a pace replayed from them. */
function informedAfterSearch(extra: Extra = {}) {
  const members: Record<string, Script> = {};
  searchingTurnsDone().forEach((done, i) => (members[`M${i}`] = done));
  return turnsFor('Next', { ...members, Next: undefined }, extra);
}

describe('reading the crowd from the stack', () => {
  const at = new Date(T0);

  test('the crowd is the resources of our two types, whatever their status, as ListStackResources lists them', async () => {
    const read = crowdOf({
      resources: () =>
        Promise.resolve([
          {
            LogicalResourceId: 'A',
            ResourceType: RESOURCE_TYPE,
            ResourceStatus: 'CREATE_IN_PROGRESS',
            LastUpdatedTimestamp: at,
          },
          {
            LogicalResourceId: 'Fn',
            ResourceType: 'AWS::Lambda::Function',
            ResourceStatus: 'CREATE_IN_PROGRESS',
            LastUpdatedTimestamp: at,
          },
          {
            LogicalResourceId: 'I',
            ResourceType: INSTANCE_RESOURCE_TYPE,
            ResourceStatus: 'CREATE_COMPLETE',
            LastUpdatedTimestamp: at,
          },
          // The SDK types every field as optional: a summary without them is no member in progress.
          {
            LogicalResourceId: undefined,
            ResourceType: RESOURCE_TYPE,
            ResourceStatus: undefined,
            LastUpdatedTimestamp: undefined,
          },
          {
            LogicalResourceId: 'X',
            ResourceType: undefined,
            ResourceStatus: 'CREATE_IN_PROGRESS',
            LastUpdatedTimestamp: at,
          },
        ]),
    });
    expect(await read()).toEqual([
      { logicalId: 'A', status: 'CREATE_IN_PROGRESS', updatedAt: T0 },
      { logicalId: 'I', status: 'CREATE_COMPLETE', updatedAt: T0 },
      { logicalId: '', status: '', updatedAt: 0 },
    ]);
  });

  test('the first pages: their members of our two types, and whether more pages follow', async () => {
    const resources = [
      { LogicalResourceId: 'A', ResourceType: RESOURCE_TYPE, ResourceStatus: 'CREATE_IN_PROGRESS' as const },
      { LogicalResourceId: 'Fn', ResourceType: 'AWS::Lambda::Function', ResourceStatus: 'CREATE_COMPLETE' as const },
    ].map((resource) => ({ ...resource, LastUpdatedTimestamp: at }));
    for (const more of [true, false]) {
      const pagesAsked: number[] = [];
      const read = firstPagesOf({
        firstResources: (pages) => {
          pagesAsked.push(pages ?? 1);
          return Promise.resolve({ resources, more, rest: () => Promise.resolve(resources.slice(0, 1)) });
        },
      });
      const page = await read();
      expect(page).toMatchObject({ members: [{ logicalId: 'A', status: 'CREATE_IN_PROGRESS', updatedAt: T0 }], more });
      expect(await page.readRest()).toEqual([{ logicalId: 'A', status: 'CREATE_IN_PROGRESS', updatedAt: T0 }]);
      expect(pagesAsked).toEqual([JOIN_FIRST_PAGES]);
    }
  });

  test('one member is read as DescribeStackResource shows it; a resource the stack does not have is none', async () => {
    const read = memberOf({
      resource: (logicalId) =>
        Promise.resolve(
          logicalId === 'A'
            ? ({ ResourceStatus: 'UPDATE_IN_PROGRESS', LastUpdatedTimestamp: at } as never)
            : logicalId === 'Bare'
              ? ({ ResourceStatus: undefined, LastUpdatedTimestamp: undefined } as never)
              : undefined,
        ),
    });
    expect(await read('A')).toEqual({ logicalId: 'A', status: 'UPDATE_IN_PROGRESS', updatedAt: T0 });
    expect(await read('Bare')).toEqual({ logicalId: 'Bare', status: '', updatedAt: 0 });
    expect(await read('Gone')).toBeUndefined();
  });
});

describe('joining', () => {
  test('alone in progress, an invocation goes at once and unpaced', async () => {
    const { turns, c } = turnsFor('A', { A: undefined, B: T0 - 5 });
    await turns.join();
    expect(turns.inCrowd).toBe(false);
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    await turns.beforeAttempt();
    expect(c.sleeps).toEqual([]);
  });

  test('the crowd is read once per invocation', async () => {
    const { turns, s } = turnsFor('A', { A: undefined, B: undefined });
    await turns.join();
    await turns.join();
    expect(s.reads).toHaveLength(1);
  });

  test('the first in logical-id order goes first, once the crowd has had time to start; the others wait', async () => {
    const first = turnsFor('Alpha', { Alpha: undefined, Beta: undefined });
    await first.turns.join();
    await first.turns.beforeAttempt();
    expect(first.c.now()).toBe(T0 + FIRST_TURN_DELAY_MS);

    const second = turnsFor('Beta', { Alpha: T0 + 1_500, Beta: undefined });
    await second.turns.join();
    await second.turns.beforeAttempt();
    expect(second.c.now()).toBeGreaterThanOrEqual(T0 + 1_500);
  });

  test('a crowd that cannot be read is no crowd: the invocation goes alone', async () => {
    const c = clock();
    const turns = new Turns({
      logicalId: 'A',
      readCrowd: () => Promise.reject(new Error('AccessDenied')),
      waitUntil: T0 + 600_000,
      now: c.now,
      sleep: c.sleep,
    });
    await turns.join();
    expect(turns.inCrowd).toBe(false);
  });

  test('an Update joins at its first throttle, and then the turn decides (no backoff)', async () => {
    const { turns, s } = turnsFor('B', { A: undefined, B: undefined });
    expect(await turns.afterAttempt('throttled')).toBe(true);
    expect(turns.inCrowd).toBe(true);
    expect(s.reads).toHaveLength(1);
  });

  test('an invocation found alone is not paced when throttled later: the backoff of retry.ts applies', async () => {
    const { turns, s } = turnsFor('A', { A: undefined });
    await turns.join();
    expect(await turns.afterAttempt('throttled')).toBe(false);
    expect(s.reads).toHaveLength(1);
  });

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
    const [aDone, bDone, cDone] = searchingTurnsDone();
    const { turns, c, logged } = turnsFor('D', { A: aDone, B: bDone, C: cDone, D: undefined, E: undefined });
    await c.sleep(cDone + 1_000 - T0);
    await turns.join();
    await turns.beforeAttempt();
    expect(turns.currentPace).toBeCloseTo(FIRST_PACE_MS * SHRINK, 5);
    expect(logged('Turn started')).toEqual([
      { reason: 'turn', pace: Math.round(FIRST_PACE_MS * SHRINK), informed: true },
    ]);
  });

  test('a resource that had not started when the member joined is not of its crowd: its completion does not count', async () => {
    // X, updated long ago (an earlier deploy), runs later in this one (after a resource it depends on) and completes
    // while B waits for A and A2.
    const x = (now: number): CrowdMember =>
      now < T0 + 2_000
        ? { logicalId: 'X', status: 'UPDATE_COMPLETE', updatedAt: T0 - 100_000 }
        : now < T0 + 2_500
          ? { logicalId: 'X', status: 'UPDATE_IN_PROGRESS', updatedAt: T0 + 2_000 }
          : { logicalId: 'X', status: 'UPDATE_COMPLETE', updatedAt: T0 + 2_500 };
    const { turns, c } = turnsFor('B', { A: T0 + 4_000, A2: T0 + 5_500, B: undefined, X: x });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(T0 + 5_500 + HANDOFF_MS);
    // Two completions of its crowd, A's and A2's (with X's, three: a pace to replay): the turn searches.
    expect(SEARCHING_TURNS).toBe(3);
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

describe('joining a crowd larger than the pages read first (JOIN_FIRST_PAGES)', () => {
  /**
   * A stack whose first pages hold its first `pageSize` members: those read alone (readFirstPages), the rest after
   * them (readRest), or all of them (readCrowd). Counts the reads of each.
   */
  function pagedTurns(logicalId: string, members: Record<string, Script>, pageSize: number, extra: Extra = {}) {
    const t = turnsFor(logicalId, members, extra);
    const firstPageReads: number[] = [];
    const restReads: number[] = [];
    const turns = new Turns({
      logicalId,
      readCrowd: t.s.readCrowd,
      readFirstPages: async () => {
        firstPageReads.push(t.c.now());
        const all = (await t.s.readCrowd()).slice();
        t.s.reads.pop(); // a first page is counted on its own
        return {
          members: all.slice(0, pageSize),
          more: all.length > pageSize,
          readRest: () => {
            restReads.push(t.c.now());
            return Promise.resolve(all.slice(pageSize));
          },
        };
      },
      waitUntil: T0 + 600_000,
      now: t.c.now,
      sleep: t.c.sleep,
      onEvent: (event, details) => t.events.push([event, details]),
      ...extra,
    });
    return { ...t, turns, firstPageReads, restReads };
  }

  /** `count` members created at once, named M00, M01..., each in progress. */
  const creating = (count: number): Record<string, Script> =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`M${String(i).padStart(2, '0')}`, undefined]));

  test('a member that sees DEFERRED_JOIN_AHEAD or more ahead on the first pages reads the crowd later', async () => {
    // A page of 10: M10 sees M00..M09 being created ahead of it. Its turn is at least 10 turns away.
    const { turns, c, s, firstPageReads, restReads, logged } = pagedTurns('M10', creating(20), 10);
    await turns.join();
    expect(firstPageReads).toEqual([T0]);
    // Not from the first page's token, which may not stay valid that long: the whole crowd again.
    expect(restReads).toEqual([]);
    expect(s.reads).toEqual([T0 + 0.7 * 10 * QUICKEST_TURN_GUESS_MS]);
    expect(logged('Reading the crowd later')).toEqual([{ ahead: 10, inMs: 0.7 * 10 * QUICKEST_TURN_GUESS_MS }]);
    // It has joined the whole crowd, read then.
    expect(turns.inCrowd).toBe(true);
    expect(logged('Joined a crowd')).toEqual([{ crowd: 20, ahead: 10, sinceCrowdStart: c.now() - T0 }]);
  });

  test('a member with fewer ahead on the first pages reads the rest at once, after them', async () => {
    const members = creating(20);
    const { turns, s, firstPageReads, restReads, logged } = pagedTurns(`M0${DEFERRED_JOIN_AHEAD - 1}`, members, 10);
    await turns.join();
    expect(firstPageReads).toEqual([T0]);
    expect(restReads).toEqual([T0]);
    expect(s.reads).toEqual([]);
    expect(logged('Joined a crowd')).toEqual([{ crowd: 20, ahead: DEFERRED_JOIN_AHEAD - 1, sinceCrowdStart: 0 }]);
  });

  test('exactly DEFERRED_JOIN_AHEAD ahead is enough to read later', async () => {
    const { turns, s, restReads } = pagedTurns(`M0${DEFERRED_JOIN_AHEAD}`, creating(20), 10);
    await turns.join();
    expect(restReads).toEqual([]);
    expect(s.reads).toEqual([T0 + 0.7 * DEFERRED_JOIN_AHEAD * QUICKEST_TURN_GUESS_MS]);
  });

  test('past the time kept for the calls, the crowd is read at once, without a sleep', async () => {
    const { turns, c, s } = pagedTurns('M10', creating(20), 10, { waitUntil: T0 - 1 });
    await turns.join();
    expect(c.sleeps).toEqual([]);
    expect(s.reads).toEqual([T0]);
  });

  test('members being updated are not counted: an Update takes turns only once throttled, and may end sooner', async () => {
    const updating = (logicalId: string): CrowdMember => ({ logicalId, status: 'UPDATE_IN_PROGRESS', updatedAt: T0 });
    const members: Record<string, Script> = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`U${i}`, updating(`U${i}`)]),
    );
    const { turns, s, restReads } = pagedTurns('V', { ...members, V: undefined, W: undefined }, 10);
    await turns.join();
    expect(restReads).toEqual([T0]);
    expect(s.reads).toEqual([]);
  });

  test('a stack no larger than the first pages is read once: they are the crowd', async () => {
    const { turns, s, firstPageReads, restReads } = pagedTurns('M10', creating(20), 100);
    await turns.join();
    expect(firstPageReads).toEqual([T0]);
    expect(restReads).toEqual([]);
    expect(s.reads).toEqual([]);
    expect(turns.inCrowd).toBe(true);
  });

  test('the later read is never after the time kept for the calls', async () => {
    const waitUntil = T0 + 1_000;
    const { turns, s } = pagedTurns('M10', creating(20), 10, { waitUntil });
    await turns.join();
    expect(s.reads).toEqual([waitUntil]);
  });

  test('first pages that cannot be read are no crowd: the invocation goes alone', async () => {
    const { turns, logged } = pagedTurns('M10', creating(20), 10, {
      readFirstPages: () => Promise.reject(new Error('AccessDenied')),
    });
    expect(await turns.join()).toBe(false);
    expect(logged('Could not read the crowd; going without turns')).toHaveLength(1);
  });
});

describe('waiting for the turn', () => {
  test('the turn comes when every member ahead has completed, not before', async () => {
    const { turns, c } = turnsFor('C', { A: T0 + 1_500, B: T0 + 3_000, C: undefined });
    await turns.join();
    await turns.beforeAttempt();
    // HANDOFF_MS after B's completion, as CloudFormation recorded it, if C sees it by then (it polls often enough).
    expect(c.now()).toBe(T0 + 3_000 + HANDOFF_MS);
  });

  test('with one member ahead, only that member is polled (DescribeStackResource), not the whole crowd', async () => {
    const c = clock();
    const s = stack({ A: T0 + 3_000, B: undefined }, c.now);
    const polled: string[] = [];
    const turns = new Turns({
      logicalId: 'B',
      readCrowd: s.readCrowd,
      readMember: async (logicalId) => {
        polled.push(logicalId);
        return (await s.readCrowd()).find((member) => member.logicalId === logicalId);
      },
      waitUntil: T0 + 600_000,
      now: c.now,
      sleep: c.sleep,
    });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(T0 + 3_000 + HANDOFF_MS);
    expect(polled.length).toBeGreaterThan(0);
    expect(new Set(polled)).toEqual(new Set(['A']));
    // The crowd itself was read once, to join; the polls went through readMember (each counted once in s.reads).
    expect(s.reads.length).toBe(1 + polled.length);
  });

  test('the stack is read only near the expected turn, not all along', async () => {
    const done = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`R${String(i).padStart(2, '0')}`, T0 + (i + 1) * 1_500]),
    );
    const { turns, s } = turnsFor('Z', { ...done, Z: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(s.reads.length).toBeLessThan(12);
  });

  /** Z, behind members R000... that complete at the given times; the polls of the one ahead counted apart. */
  function lastInLine(doneAt: readonly number[]) {
    const c = clock();
    const members = Object.fromEntries(doneAt.map((at, i) => [`R${String(i).padStart(3, '0')}`, at]));
    const s = stack({ ...members, Z: undefined }, c.now);
    let polls = 0;
    const turns = new Turns({
      logicalId: 'Z',
      readCrowd: s.readCrowd,
      readMember: async (logicalId) => {
        polls++;
        return (await s.readCrowd()).find((member) => member.logicalId === logicalId);
      },
      waitUntil: T0 + 600_000,
      now: c.now,
      sleep: c.sleep,
    });
    return { turns, c, crowdReads: () => s.reads.length - polls };
  }

  test('far back in a long line, a member reads the whole crowd a few times, and still starts on time', async () => {
    const doneAt = Array.from({ length: 60 }, (_, i) => T0 + FIRST_TURN_DELAY_MS + (i + 1) * 1_500);
    const { turns, c, crowdReads } = lastInLine(doneAt);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[59] + HANDOFF_MS);
    // The join, and a few reads as the line comes nearer (each one ListStackResources page per 100 resources).
    expect(crowdReads()).toBeLessThanOrEqual(8);
  });

  test('while the head of the line is absent, a member a few places back reads no faster, and is on time after', async () => {
    // R000 never runs: it is skipped 4 default turns after the first turn was due; then the others go 1.5 s apart.
    // Z, five places back, expected its turn after a few quick turns; the line stood still for 9 s instead. The first
    // turn after the skip is measured from the skip, not from when the line stopped.
    const skipAt = T0 + FIRST_TURN_DELAY_MS + Math.max(4 * PACES_PER_TURN * FIRST_PACE_MS, SKIP_MIN_MS);
    const doneAt = [Infinity, ...Array.from({ length: 4 }, (_, i) => skipAt + (i + 1) * 1_500)];
    const { turns, c, crowdReads } = lastInLine(doneAt);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[4] + HANDOFF_MS);
    // (21: until three turns have been measured, a turn is taken to be as quick as QUICKEST_TURN_GUESS_MS.)
    expect(crowdReads()).toBeLessThanOrEqual(21);
  });

  test('a first turn that began late does not make a member far back sleep through its turn', async () => {
    // The first turn's invocation started 5 s late (a cold start), not late enough to be skipped: the first
    // completion is 6.2 s after the first turn was due; the turns after it take 3 s. Z, twelve places back, joined at
    // the start: if it took the first turn's length for a turn once it saw the first completion, it would sleep about
    // 0.7 * 10 * 6.2 s = 44 s, past its turn 33 s later.
    const first = T0 + FIRST_TURN_DELAY_MS + 6_231;
    const doneAt = Array.from({ length: 12 }, (_, i) => first + i * 3_000);
    const { turns, c } = lastInLine(doneAt);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[11] + HANDOFF_MS);
  });

  test('a line that speeds up while a member waits does not make it late', async () => {
    // Turns of 3 s at first, then each 10% quicker, down to 0.6 s: a member that slept on its first estimate would
    // wake long after its turn.
    const doneAt: number[] = [];
    let at = T0 + FIRST_TURN_DELAY_MS;
    for (let i = 0; i < 40; i++) {
      at += Math.max(600, 3_000 * 0.9 ** i);
      doneAt.push(Math.round(at));
    }
    const { turns, c } = lastInLine(doneAt);
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[39] + HANDOFF_MS);
  });

  test('a line that speeds up as fast as the pace can does not make a member two or more places back late', async () => {
    // Each turn SHRINK ** MAX_SHRINK_STEPS as long as the one before (a run of on-time turns), from 4 s down to 0.3 s.
    const doneAt: number[] = [];
    let at = T0 + FIRST_TURN_DELAY_MS;
    for (let i = 0; i < 24; i++) {
      at += Math.max(300, 4_000 * (SHRINK ** MAX_SHRINK_STEPS) ** i);
      doneAt.push(Math.round(at));
    }
    for (const place of [2, 3, 5, 8]) {
      const { turns, c } = lastInLine(doneAt.slice(0, place + 10));
      // Z joins while `place` members are still ahead of it.
      await c.sleep(doneAt[9] + 1 - T0);
      await turns.join();
      await turns.beforeAttempt();
      expect([place, c.now()]).toEqual([place, doneAt[place + 9] + HANDOFF_MS]);
    }
  });

  test('a member ahead that does not take its turn is skipped, four turns after its turn was due', async () => {
    const { turns, c } = turnsFor('B', { A: undefined, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    // A's turn was due FIRST_TURN_DELAY_MS after the crowd started; a turn is taken as 3 paces of FIRST_PACE_MS.
    const skipAfter = Math.max(4 * PACES_PER_TURN * FIRST_PACE_MS, SKIP_MIN_MS);
    expect(c.now()).toBe(T0 + FIRST_TURN_DELAY_MS + skipAfter);
  });

  test('only the next in line goes when the head is skipped; the one after it still waits for it', async () => {
    const skipAfter = Math.max(4 * PACES_PER_TURN * FIRST_PACE_MS, SKIP_MIN_MS);
    const bGoes = T0 + FIRST_TURN_DELAY_MS + skipAfter;
    const bDone = bGoes + 1_500;
    const { turns, c, logged } = turnsFor('C', { A: undefined, B: bDone, C: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(bDone + HANDOFF_MS);
    // C skipped A too, but its turn came when B ended.
    expect(logged('Skipped a member that is not taking its turn')).toEqual([{ member: 'A' }]);
    expect(logged('Turn started')).toEqual([expect.objectContaining({ reason: 'turn' })]);
  });

  test('a member whose read of the stack ends after the one behind an absent head went skips the head at once', async () => {
    // Turns of 4 s. X never runs and is skipped 4 turns after its turn was due; Y goes then and is done 100 ms later.
    // Z's read of the stack around that moment takes 3 s (CloudFormation throttled it; the SDK retried): it shows Y
    // done and X still in progress. Z skips X at once (the skip was due, reckoned from the completions before X), not
    // 4 turns after Y, and not with Y's wait for the skip counted as a turn.
    const r = [T0 + FIRST_TURN_DELAY_MS + 4_000, T0 + FIRST_TURN_DELAY_MS + 8_000];
    const skipX = r[1] + HANDOFF_MS + 4 * 4_000;
    const yDone = skipX + 100;
    const c = clock();
    const s = stack({ R000: r[0], R001: r[1], X: undefined, Y: yDone, Z: undefined }, c.now);
    let slowReadEnd: number | undefined;
    const skipped: unknown[] = [];
    const turns = new Turns({
      logicalId: 'Z',
      readCrowd: async () => {
        if (slowReadEnd === undefined && c.now() >= skipX - 250) {
          await c.sleep(3_000);
          slowReadEnd = c.now();
        }
        return s.readCrowd();
      },
      waitUntil: T0 + 600_000,
      now: c.now,
      sleep: c.sleep,
      onEvent: (event, details) => event.startsWith('Skipped') && skipped.push(details),
    });
    await turns.join();
    await turns.beforeAttempt();
    expect(slowReadEnd).toBeGreaterThan(yDone + HANDOFF_MS);
    expect(c.now()).toBe(slowReadEnd);
    expect(skipped).toEqual([{ member: 'X' }]);
  });

  test('two members ahead that do not take their turns are skipped one after the other', async () => {
    const { turns, c } = turnsFor('C', { A1: undefined, A2: undefined, C: undefined });
    await turns.join();
    await turns.beforeAttempt();
    const skipAfter = Math.max(4 * PACES_PER_TURN * FIRST_PACE_MS, SKIP_MIN_MS);
    expect(c.now()).toBe(T0 + FIRST_TURN_DELAY_MS + 2 * skipAfter);
  });

  test('no waiting goes on past the time kept for the calls', async () => {
    // The crowd moves (A completes), but slowly: B's turn would come after waitUntil.
    const { turns, c } = turnsFor('C', { A: T0 + 4_000, B: undefined, C: undefined }, { waitUntil: T0 + 6_000 });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBeLessThanOrEqual(T0 + 6_000);
  });

  test('a read that fails while waiting takes the turn', async () => {
    const c = clock();
    let reads = 0;
    const turns = new Turns({
      logicalId: 'B',
      readCrowd: () =>
        ++reads === 1
          ? Promise.resolve([
              { logicalId: 'A', status: 'CREATE_IN_PROGRESS', updatedAt: T0 },
              { logicalId: 'B', status: 'CREATE_IN_PROGRESS', updatedAt: T0 },
            ])
          : Promise.reject(new Error('Throttling')),
      waitUntil: T0 + 600_000,
      now: c.now,
      sleep: c.sleep,
    });
    await turns.join();
    await turns.beforeAttempt();
    expect(reads).toBe(2);
    expect(c.now() - T0).toBeLessThan(FIRST_TURN_DELAY_MS + SKIP_MIN_MS);
  });

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
    const { turns, s } = informedAfterSearch({ polled: true });
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

  test('while the one ahead is overdue, it is polled every twentieth of a turn', async () => {
    // Turns of 1.2 s, then R4's of 3 s: from when R4 was expected to end, Z polls it every 60 ms until it ends.
    const doneAt = [1, 2, 3, 4].map((i) => T0 + FIRST_TURN_DELAY_MS + i * 1_200);
    doneAt.push(doneAt[3] + 3_000);
    const members = Object.fromEntries(doneAt.map((at, i) => [`R${i}`, at]));
    const { turns, c, s } = turnsFor('Z', { ...members, Z: undefined }, { polled: true });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(doneAt[4] + HANDOFF_MS);
    const overdue = s.polls.map((poll) => poll.at).filter((at) => at > doneAt[3] + 1_200 && at <= doneAt[4]);
    expect(overdue.length).toBeGreaterThan(10);
    expect(new Set(overdue.slice(1).map((at, i) => at - overdue[i]))).toEqual(new Set([1_200 / 20]));
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

/** Members R000, R001... that complete at the given times, then `Y` that never runs, then `Z`, the one waiting. */
function behindAnAbsentHead(doneAt: readonly number[]) {
  const members = Object.fromEntries(doneAt.map((at, i) => [`R${String(i).padStart(3, '0')}`, at]));
  return turnsFor('Z', { ...members, Y: undefined, Z: undefined });
}

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

describe('the wait for an absent member is no turn', () => {
  test('the turn after a skip is measured from the skip: the next absent member is skipped as soon', async () => {
    // A0's turn takes 1.5 s; B1 never runs and is skipped 4 turns after its turn was due; C2 goes then, for 1.5 s;
    // D3 never runs either. C2's turn is 1.5 s long, not the 7.65 s since A0 ended: D3 is skipped 4 x 1.5 s after its
    // turn was due, and Z goes then.
    const a0 = T0 + FIRST_TURN_DELAY_MS + 1_500;
    const skipB1 = a0 + HANDOFF_MS + 4 * 1_500;
    const c2 = skipB1 + 1_500;
    const { turns, c } = turnsFor('Z', { A0: a0, B1: undefined, C2: c2, D3: undefined, Z: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(c.now()).toBe(c2 + HANDOFF_MS + 4 * 1_500);
  });

  test('a skip shortens only the turn it fell in, not those that ended before it', async () => {
    // Four turns of 1.5 s, then as above: the turns before B1's skip keep their length, so D3 waits 4 x 1.5 s (if
    // they were measured from the later skip, they would count as none, and D3 would wait SKIP_MIN_MS).
    const a = [1, 2, 3, 4].map((i) => T0 + FIRST_TURN_DELAY_MS + i * 1_500);
    const skipB1 = a[3] + HANDOFF_MS + 4 * 1_500;
    const c2 = skipB1 + 1_500;
    const members = { A0: a[0], A1: a[1], A2: a[2], A3: a[3], B1: undefined, C2: c2, D3: undefined, Z: undefined };
    const { turns, c } = turnsFor('Z', members);
    await turns.join();
    await turns.beforeAttempt();
    expect(4 * 1_500).toBeGreaterThan(SKIP_MIN_MS);
    expect(c.now()).toBe(c2 + HANDOFF_MS + 4 * 1_500);
  });
});

describe('the pace', () => {
  test('the second turn searches too: when the first turn began is not known to the others', async () => {
    const { turns } = turnsFor('B', { A: T0 + FIRST_TURN_DELAY_MS + 3 * 2 * FIRST_PACE_MS, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(turns.currentPace).toBe(FIRST_PACE_MS);
    await turns.afterAttempt('ok');
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    expect(turns.currentPace).toBe(FIRST_PACE_MS / 2);
  });

  test('the third turn searches too', async () => {
    const [aDone, bDone] = searchingTurnsDone();
    const { turns } = turnsFor('C', { A: aDone, B: bDone, C: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(turns.currentPace).toBe(FIRST_PACE_MS);
  });

  test('a later turn starts from the pace the searching turns kept, a little faster when they ended on time', async () => {
    const [aDone, bDone, cDone] = searchingTurnsDone();
    const { turns, logged } = turnsFor('D', { A: aDone, B: bDone, C: cDone, D: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(turns.currentPace).toBeCloseTo(FIRST_PACE_MS * SHRINK, 5);
    expect(logged('Turn started')).toEqual([
      { reason: 'turn', pace: Math.round(FIRST_PACE_MS * SHRINK), informed: true },
    ]);
  });

  test('a searching turn that began late (its invocation started late) does not set the pace: the quicker one does', async () => {
    // B's invocation started 4 s after A ended (a cold start): its turn looks 4 s longer than the pace it kept.
    const aDone = T0 + FIRST_TURN_DELAY_MS + 3 * FIRST_PACE_MS;
    const bDone = aDone + 4_000 + HANDOFF_MS + 3 * FIRST_PACE_MS - RECORD_LATENCY_MS;
    const cDone = bDone + HANDOFF_MS + 3 * FIRST_PACE_MS - RECORD_LATENCY_MS;
    const { turns } = turnsFor('D', { A: aDone, B: bDone, C: cDone, D: undefined });
    await turns.join();
    await turns.beforeAttempt();
    expect(turns.currentPace).toBeCloseTo(FIRST_PACE_MS * SHRINK, 5);
  });

  test('a call that gets through in an informed turn does not change its pace', async () => {
    const { turns } = informedAfterSearch();
    await turns.join();
    await turns.beforeAttempt();
    const pace = turns.currentPace;
    await turns.afterAttempt('ok');
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    expect(turns.currentPace).toBe(pace);
  });

  test('the calls of a turn are spaced one pace apart', async () => {
    const { turns, c } = turnsFor('B', { A: T0 + 3_000, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    const first = c.now();
    await turns.beforeAttempt();
    expect(c.now() - first).toBeCloseTo(turns.currentPace, 5);
  });

  test('a throttled call in an informed turn slows the turn, and the retry waits a pace after the last success', async () => {
    const { turns, c } = informedAfterSearch();
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    const success = c.now();
    await turns.beforeAttempt();
    const pace = turns.currentPace;
    expect(await turns.afterAttempt('throttled')).toBe(true);
    expect(turns.currentPace).toBeCloseTo(pace * GROW, 5);
    await turns.beforeAttempt();
    expect(c.now() - success).toBeCloseTo(pace * GROW, 5);
  });

  test('the first turn searches: halves after a success, goes back to what worked when throttled', async () => {
    const { turns, c } = turnsFor('A', { A: undefined, B: undefined });
    await turns.join();
    await turns.beforeAttempt(); // the first call goes when the turn starts
    const start = c.now();
    await turns.afterAttempt('ok');
    await turns.beforeAttempt();
    expect(c.now() - start).toBe(FIRST_PACE_MS);
    await turns.afterAttempt('ok');
    expect(turns.currentPace).toBe(FIRST_PACE_MS / 2);
    await turns.beforeAttempt();
    await turns.afterAttempt('throttled');
    expect(turns.currentPace).toBe(FIRST_PACE_MS);
  });

  test('the first turn doubles its pace while it is throttled', async () => {
    const { turns } = turnsFor('A', { A: undefined, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    await turns.beforeAttempt();
    await turns.afterAttempt('throttled');
    expect(turns.currentPace).toBe(2 * FIRST_PACE_MS);
    await turns.beforeAttempt();
    await turns.afterAttempt('throttled');
    expect(turns.currentPace).toBe(4 * FIRST_PACE_MS);
  });

  test('a turn lasts its paces less the time CloudFormation takes to record its end', async () => {
    const { turns, c } = turnsFor('B', { A: T0 + 3_000, B: undefined });
    await turns.join();
    await turns.beforeAttempt();
    const start = c.now();
    await turns.afterAttempt('ok');
    await turns.finish();
    expect(c.now() - start).toBeCloseTo(PACES_PER_TURN * turns.currentPace - RECORD_LATENCY_MS, 5);
  });

  test('a call made more than a pace after the last answer goes at once', async () => {
    const { turns, c } = informedAfterSearch();
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    await c.sleep(turns.currentPace + 1); // the handler's own work between two calls
    const ready = c.now();
    await turns.beforeAttempt();
    expect(c.now()).toBe(ready);
  });

  test('a turn that has already lasted its paces ends at once', async () => {
    const { turns, c } = informedAfterSearch();
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    await c.sleep(PACES_PER_TURN * turns.currentPace);
    const before = c.now();
    await turns.finish();
    expect(c.now()).toBe(before);
  });

  test('a turn whose calls ran past its paces ends one pace after its last call', async () => {
    const { turns, c } = informedAfterSearch();
    await turns.join();
    for (let i = 0; i < PACES_PER_TURN + 1; i++) {
      await turns.beforeAttempt();
      await turns.afterAttempt('ok');
    }
    const last = c.now();
    await turns.finish();
    expect(c.now() - last).toBeCloseTo(turns.currentPace - RECORD_LATENCY_MS, 5);
  });

  test('an invocation outside any crowd does not wait at the end', async () => {
    const { turns, c } = turnsFor('A', { A: undefined });
    await turns.join();
    await turns.beforeAttempt();
    await turns.afterAttempt('ok');
    await turns.finish();
    expect(c.sleeps).toEqual([]);
  });

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

describe('replayPaces: the pace of the next turn, from the completion times alone', () => {
  /** The second turn's, as its search kept it: a power of two of FIRST_PACE_MS. */
  const pace = 2 * FIRST_PACE_MS;
  /** Completion times of turns that each began HANDOFF_MS after the one before and took `lengths` (ms). */
  function completions(first: number, lengths: number[]): number[] {
    const done = [first];
    for (const length of lengths) done.push(done.at(-1)! + HANDOFF_MS + length);
    return done;
  }
  const onTime = (p: number) => PACES_PER_TURN * p - RECORD_LATENCY_MS;
  /** The lengths of the searching turns after the first, each on time at `p`. */
  const searched = (p: number) => Array.from({ length: SEARCHING_TURNS - 1 }, () => onTime(p));

  test('the second turn searched: its pace is read as the power of two of FIRST_PACE_MS it kept', () => {
    expect(searchedPace(FIRST_PACE_MS)).toBe(FIRST_PACE_MS);
    // A turn slowed by slow calls (1852 ms measured for 600 kept) is not taken for a slower pace.
    expect(searchedPace(1_852)).toBe(2 * FIRST_PACE_MS);
    expect(searchedPace(1_000)).toBe(FIRST_PACE_MS);
    // A turn that ended a little early keeps its power.
    expect(searchedPace(4 * FIRST_PACE_MS - 50)).toBe(4 * FIRST_PACE_MS);
    expect(searchedPace(FIRST_PACE_MS / 2)).toBe(FIRST_PACE_MS / 2);
  });

  test('until the searching turns have ended, there is no pace to replay', () => {
    expect(replayPaces([T0])).toBeUndefined();
    expect(replayPaces(completions(T0, [onTime(pace)]))).toBeUndefined();
  });

  test("the searching turns' lengths give the pace, and the next turn goes a little faster", () => {
    expect(replayPaces(completions(T0, searched(pace)))).toBeCloseTo(pace * SHRINK, 5);
  });

  test('of the searching turns, the quicker gives the pace: the other may have begun late', () => {
    const late = 2_000;
    expect(replayPaces(completions(T0, [onTime(pace) + late, onTime(pace)]))).toBeCloseTo(pace * SHRINK, 5);
    expect(replayPaces(completions(T0, [onTime(pace), onTime(pace) + late]))).toBeCloseTo(pace * SHRINK, 5);
    expect(replayPaces(completions(T0, [onTime(2 * pace), onTime(pace)]))).toBeCloseTo(pace * SHRINK, 5);
  });

  test('each turn that ended on time makes the next faster, and a run of them faster still', () => {
    const second = pace;
    const third = second * SHRINK;
    const fourth = third * SHRINK ** 2;
    const fifth = fourth * SHRINK ** 3;
    expect(replayPaces(completions(T0, [...searched(second), onTime(third)]))).toBeCloseTo(fourth, 5);
    const run = completions(T0, [...searched(second), onTime(third), onTime(fourth), onTime(fifth)]);
    // At most MAX_SHRINK_STEPS powers of SHRINK per turn.
    expect(replayPaces(run)).toBeCloseTo(fifth * SHRINK ** MAX_SHRINK_STEPS, 5);
  });

  test('a turn that ended late (a call throttled) makes the next slower', () => {
    const second = pace;
    const third = second * SHRINK;
    const done = completions(T0, [...searched(second), onTime(third) + third]);
    expect(replayPaces(done)).toBeCloseTo(third * GROW, 5);
  });

  test("CloudFormation's steady time to record an end is not lateness", () => {
    const recordTime = 80;
    let p = pace;
    const lengths = searched(p);
    for (let i = 1; i <= 6; i++) {
      p *= SHRINK ** Math.min(i, MAX_SHRINK_STEPS);
      lengths.push(onTime(p) + recordTime);
    }
    expect(replayPaces(completions(T0, lengths))).toBeCloseTo(p * SHRINK ** MAX_SHRINK_STEPS, 5);
  });

  test('every member derives the same pace from the same completions, whenever it reads them', () => {
    const done = completions(T0, [onTime(pace), onTime(pace) + 300, onTime(pace * 0.9)]);
    expect(replayPaces(done)).toBe(replayPaces([...done]));
  });

  test("the searching turns' pace is read right at every pace their search can keep", () => {
    for (const kept of [1 / 8, 1 / 4, 1 / 2, 1, 2, 4].map((share) => share * FIRST_PACE_MS)) {
      expect(replayPaces(completions(T0, searched(kept)))).toBeCloseTo(kept * SHRINK, 5);
    }
  });

  test('a turn that ended three quarters of a pace late was late', () => {
    const second = FIRST_PACE_MS;
    const third = second * SHRINK;
    const done = completions(T0, [...searched(second), onTime(third) + 0.75 * third]);
    expect(replayPaces(done)).toBeCloseTo(third * GROW, 5);
  });

  test('a turn that ended exactly half a pace late was on time', () => {
    const second = 2 * FIRST_PACE_MS;
    const third = second * SHRINK;
    const done = completions(T0, [...searched(second), onTime(third) + third / 2]);
    expect(replayPaces(done)).toBeCloseTo(third * SHRINK ** 2, 5);
  });

  /**
   * Completions of on-time turns from a second turn at 4 * FIRST_PACE_MS, each the given lateness later than planned
   * (all less than half a pace), then one `last(pace)` later; and the pace of that last turn.
   */
  function turnsLateBy(lateness: number[], last: (p: number) => number) {
    let p = 4 * FIRST_PACE_MS;
    const done = completions(T0, searched(p));
    lateness.forEach((by, i) => {
      p *= SHRINK ** Math.min(i + 1, 3);
      done.push(done.at(-1)! + HANDOFF_MS + onTime(p) + by);
    });
    p *= SHRINK ** 3;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(p) + last(p));
    return { done, lastPace: p };
  }

  test("CloudFormation's time to record an end is the least lateness of the five turns before", () => {
    // A turn late by half a pace and 100 ms is on time when CloudFormation has lately taken 200 ms.
    const { done, lastPace } = turnsLateBy([0, 200, 200, 200, 200, 200], (p) => p / 2 + 100);
    expect(replayPaces(done)).toBeCloseTo(lastPace * SHRINK ** 3, 5);
  });

  test("CloudFormation's time to record an end comes down when a turn among the five before was quicker", () => {
    const { done, lastPace } = turnsLateBy([200, 0, 200, 200, 200, 200], (p) => p / 2 + 100);
    expect(replayPaces(done)).toBeCloseTo(lastPace * GROW, 5);
  });

  test('a late turn does not raise the time taken to record an end', () => {
    // The turn late by a pace was late; so is the one after it.
    let p = 4 * FIRST_PACE_MS;
    const done = completions(T0, searched(p));
    p *= SHRINK;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(p));
    p *= SHRINK ** 2;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(p) + p);
    p *= GROW;
    done.push(done.at(-1)! + HANDOFF_MS + onTime(p) + p);
    expect(replayPaces(done)).toBeCloseTo(p * GROW, 5);
  });

  test('completions closer together than a handoff make the quickest pace, not a broken one', () => {
    expect(searchedPace(-10)).toBe(MIN_PACE_MS);
    expect(replayPaces([T0, T0 + 10, T0 + 20])).toBeCloseTo(MIN_PACE_MS, 5);
  });
});

describe('withRetries with turns', () => {
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

  test('a throttled call in a crowd is retried when the turn says, with no backoff of its own', async () => {
    const { turns, c } = turnsFor('A', { A: undefined, B: undefined });
    await turns.join();
    let calls = 0;
    const onRetry = jest.fn();
    await withRetries(() => (++calls === 2 ? Promise.reject(throttled()) : Promise.resolve(calls)), {
      deadline: T0 + 600_000,
      now: c.now,
      sleep: c.sleep,
      random: () => 1,
      pacer: turns,
      onRetry,
    });
    await withRetries(() => (++calls === 2 ? Promise.reject(throttled()) : Promise.resolve(calls)), {
      deadline: T0 + 600_000,
      now: c.now,
      sleep: c.sleep,
      random: () => 1,
      pacer: turns,
      onRetry,
    });
    expect(onRetry).toHaveBeenCalledWith(expect.anything(), 1, 0);
  });

  test('a turn that comes past the deadline ends the call with the last error', async () => {
    const { turns, c } = turnsFor('B', { A: undefined, B: undefined }, { waitUntil: T0 + 600_000 });
    await expect(
      withRetries(() => Promise.reject(throttled()), {
        deadline: T0 + 1_000,
        now: c.now,
        sleep: c.sleep,
        random: () => 1,
        pacer: turns,
      }),
    ).rejects.toMatchObject({ name: 'RetriesExhaustedError', lastError: { name: 'ThrottlingException' } });
  });
});
