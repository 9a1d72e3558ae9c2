/**
 * Issue 9, item 5, at sizes the runner cannot host on this machine: the handler's turns (`lambda/turns.ts`) and its
 * retries (`lambda/retry.ts`), unchanged, driven in virtual time. N invocations of one stack operation start within
 * a spread of cold starts; each joins its crowd, makes its 3 Connect calls against a token bucket (the emulator's,
 * burst 1), ends its turn, and CloudFormation records its completion a little later. The CloudFormation reads are
 * counted as calls: a crowd read is one `ListStackResources` page per 100 resources of the stack (`--page`), a
 * member's poll one `DescribeStackResource`; a join reads the first pages before deciding to read the rest later, as
 * the handler does (`readFirstPages`), unless `--join-at-once` (the handler before 7 December).
 *
 * A model, not a measurement: the times below (a call's round trip, CloudFormation's time to record a completion, the
 * spread of cold starts) are assumptions, and CloudFormation is taken to answer every read. The runner's benchmark
 * (`fair-share.ts`, real processes, real HTTP) is the measurement; run both at 30 and 100 to compare.
 *
 *   npx tsx tools/bench/turns-simulation.ts              # 30, 100 and 480 resources, at 2 and 0.5 requests/s
 *   npx tsx tools/bench/turns-simulation.ts 480@5 480@5/20   # the second with CloudFormation reads limited to 20/s
 *   npx tsx tools/bench/turns-simulation.ts 100@2~20         # the invocations' starts spread over 20 s, not 3
 *   npx tsx tools/bench/turns-simulation.ts --seed=2 100@2   # another draw of the start times and the backoffs
 *   npx tsx tools/bench/turns-simulation.ts --page=500 480@5/100  # the whole stack in one ListStackResources page
 *   npx tsx tools/bench/turns-simulation.ts --order=random 480@5/100  # pages not in logical-id order
 *   npx tsx tools/bench/turns-simulation.ts --join-at-once 480@5/100  # every join reads every page at once
 *   npx tsx tools/bench/turns-simulation.ts --record-jitter=400 100@2  # each end recorded up to 400 ms later
 */
import { seededRandom, TokenBucket } from '../emulator/faults';
import { withRetries } from '../../lambda/retry';
import { CrowdMember, JOIN_FIRST_PAGES, POLL_RETRY_MAX_MS, Turns } from '../../lambda/turns';

/** The assumed times, in milliseconds. */
const MODEL = {
  /** From a Connect request's start to its arrival at the service, and as much back. */
  callHalfTripMs: 25,
  /** A CloudFormation read's round trip. */
  readTripMs: 40,
  /**
   * From a handler's return to CloudFormation's record of the completion (the runner measures about 100), plus up to
   * `--record-jitter` more, at random: in AWS the provider framework uploads the response to S3 and CloudFormation
   * picks it up, in a time not published (not measured here).
   */
  recordMs: 120,
  /**
   * Invocations start spread over this long by default (cold starts of the provider framework's function and ours);
   * a scenario can give another (`~seconds`).
   */
  coldStartSpreadMs: 3_000,
  /** The handler's budget: its 14-minute timeout less the margins it keeps (on-event.ts). */
  deadlineMs: 14 * 60_000 - 30_000,
  turnCallsMs: 60_000,
  /** Resources of the stack that are not ours (the provider's functions, roles and policies). */
  otherResources: 8,
};
const CALLS_PER_RESOURCE = 3;
/**
 * Resources per ListStackResources page. The runner's CloudFormation answers 100 (as DescribeStacks does); the API
 * reference gives a NextToken only "if the output exceeds 1 MB", which a summary of about 300 bytes would reach only
 * past 3,000 resources (a stack holds 500). Not measured against AWS: 100 is the costlier case; `--page=500` the other.
 */
const DEFAULT_PAGE_SIZE = 100;

/** A discrete-event clock: `sleep` resolves when the simulation reaches its time. */
class VirtualTime {
  private time = 0;
  private readonly queue: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.queue.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
    });

  /** Runs until nothing is waiting; every step lets the woken chains run to their next sleep. */
  async run(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.queue.length === 0) return;
      let next = 0;
      for (let i = 1; i < this.queue.length; i++) {
        const a = this.queue[i];
        const b = this.queue[next];
        if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) next = i;
      }
      const [step] = this.queue.splice(next, 1);
      this.time = step.at;
      step.resolve();
    }
  }
}

interface Figures {
  readonly count: number;
  readonly rate: number;
  readonly idealSeconds: number;
  readonly apiSeconds: number;
  readonly throttled: number;
  readonly listPages: number;
  readonly memberReads: number;
  readonly peakReadsPerSecond: number;
  readonly outOfTurn: number;
  /** Resources whose calls did not all get through before the handler's deadline. */
  readonly failed: number;
  /** CloudFormation reads refused (and retried), when its rate is limited. */
  readonly cfnThrottled: number;
}

interface Scenario {
  readonly count: number;
  /** Connect's rate, requests/s (a token bucket with a burst of 1, as the emulator's). */
  readonly rate: number;
  /** CloudFormation's read rate, reads/s (Infinity: not limited). */
  readonly cfnRate: number;
  /** The invocations start at random over this long. */
  readonly startSpreadMs: number;
}

/** `N@rate[/cfnRate][~spreadSeconds]`, e.g. `100@2`, `480@5/100`, `100@2~20`. */
function parseScenario(spec: string): Scenario {
  const match = /^(\d+)@([\d.]+)(?:\/([\d.]+))?(?:~([\d.]+))?$/.exec(spec);
  if (!match) throw new Error(`a scenario is N@rate[/cfnRate][~spreadSeconds]; got ${JSON.stringify(spec)}`);
  // The optional groups are undefined when absent.
  const [, count, rate, cfnRate, spread] = match as readonly (string | undefined)[];
  return {
    count: Number(count),
    rate: Number(rate),
    cfnRate: cfnRate === undefined ? Infinity : Number(cfnRate),
    startSpreadMs: spread === undefined ? MODEL.coldStartSpreadMs : Number(spread) * 1000,
  };
}

async function simulate(
  scenario: Scenario,
  seed: number,
  pageSize: number,
  order: 'id' | 'random',
  deferJoins: boolean,
  recordJitterMs: number,
): Promise<Figures> {
  const { count, rate: ratePerSecond, cfnRate } = scenario;
  const clock = new VirtualTime();
  const random = seededRandom(seed);
  const bucket = new TokenBucket(ratePerSecond, 1, clock.now);
  // CloudFormation's read rate is not published: a bucket of `cfnRate` reads/s (a second's worth of burst), or none.
  const cfnBucket = Number.isFinite(cfnRate) ? new TokenBucket(cfnRate, cfnRate, clock.now) : undefined;
  const ids = Array.from({ length: count }, (_, i) => `Limits${String(i).padStart(4, '0')}`);
  const status = new Map<string, CrowdMember>(
    ids.map((logicalId) => [logicalId, { logicalId, status: 'CREATE_IN_PROGRESS', updatedAt: 0 }]),
  );
  const pages = Math.ceil((count + MODEL.otherResources) / pageSize);
  const reads: number[] = [];
  let listPages = 0;
  let memberReads = 0;
  let throttled = 0;
  let outOfTurn = 0;
  let failed = 0;
  let cfnThrottled = 0;
  let firstCall: number | undefined;
  let lastSuccess = 0;

  // One CloudFormation call, retried as StackApi retries it (the backoff of retry.ts, no turns; for a poll, shorter).
  const cfnCall = (count: () => void, maxDelayMs?: number): Promise<void> =>
    withRetries(
      async () => {
        reads.push(clock.now());
        count();
        await clock.sleep(MODEL.readTripMs / 2);
        const ok = cfnBucket?.tryTake() ?? true;
        await clock.sleep(MODEL.readTripMs / 2);
        if (!ok) {
          cfnThrottled++;
          throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
        }
      },
      { deadline: clock.now() + MODEL.deadlineMs, now: clock.now, sleep: clock.sleep, random, maxDelayMs },
    );
  // The order ListStackResources lists the stack in (not documented): by logical id, the stack's other resources
  // first (their ids sort before ours), or a fixed shuffle (`--order=random`).
  const listed: (string | undefined)[] = [...Array<undefined>(MODEL.otherResources).fill(undefined), ...ids];
  if (order === 'random') {
    const shuffle = seededRandom(seed + 1000);
    for (let i = listed.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [listed[i], listed[j]] = [listed[j], listed[i]];
    }
  }
  // A join reads the first JOIN_FIRST_PAGES pages before deciding (turns.ts).
  const firstPages = Math.min(JOIN_FIRST_PAGES, pages);
  const firstPage = listed.slice(0, firstPages * pageSize).filter((id) => id !== undefined);
  const onFirstPage = new Set(firstPage);
  const readFirstPages = async () => {
    for (let page = 0; page < firstPages; page++) await cfnCall(() => listPages++);
    return {
      members: firstPage.map((id) => status.get(id)!),
      more: pages > firstPages,
      readRest: async (): Promise<readonly CrowdMember[]> => {
        for (let page = firstPages; page < pages; page++) await cfnCall(() => listPages++);
        return [...status.values()].filter((member) => !onFirstPage.has(member.logicalId));
      },
    };
  };
  const readCrowd = async (): Promise<readonly CrowdMember[]> => {
    for (let page = 0; page < pages; page++) await cfnCall(() => listPages++);
    return [...status.values()];
  };
  const readMember = async (logicalId: string): Promise<CrowdMember | undefined> => {
    await cfnCall(() => memberReads++, POLL_RETRY_MAX_MS);
    return status.get(logicalId);
  };

  const connectCall = async (): Promise<void> => {
    await clock.sleep(MODEL.callHalfTripMs);
    firstCall ??= clock.now();
    const ok = bucket.tryTake();
    await clock.sleep(MODEL.callHalfTripMs);
    if (!ok) {
      throttled++;
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    }
    lastSuccess = Math.max(lastSuccess, clock.now());
  };

  const invocation = async (logicalId: string): Promise<void> => {
    await clock.sleep(random() * scenario.startSpreadMs);
    const start = clock.now();
    const deadline = start + MODEL.deadlineMs;
    const turns = new Turns({
      logicalId,
      readCrowd,
      readMember,
      ...(deferJoins ? { readFirstPages } : {}),
      waitUntil: deadline - MODEL.turnCallsMs,
      now: clock.now,
      sleep: clock.sleep,
      // A turn started for another reason than its turn coming (a skip, the deadline, an unreadable crowd).
      onEvent: (event, details) => {
        if (process.env.SIM_TRACE) console.log(clock.now(), logicalId, event, JSON.stringify(details));
        if (event === 'Turn started' && details.reason !== 'turn') outOfTurn++;
      },
    });
    let outcome = 'CREATE_COMPLETE';
    await turns.join();
    try {
      for (let call = 0; call < CALLS_PER_RESOURCE; call++) {
        await withRetries(connectCall, { deadline, now: clock.now, sleep: clock.sleep, random, pacer: turns });
      }
    } catch {
      // Out of time (the handler's deadline): the resource fails.
      outcome = 'CREATE_FAILED';
      failed++;
    }
    await turns.finish();
    await clock.sleep(MODEL.recordMs + random() * recordJitterMs);
    status.set(logicalId, { logicalId, status: outcome, updatedAt: clock.now() });
    if (process.env.SIM_TRACE) console.log(clock.now(), logicalId, outcome);
  };

  const all = Promise.all(ids.map(invocation));
  await clock.run();
  await all;
  const perSecond = new Map<number, number>();
  for (const at of reads) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
  return {
    count,
    rate: ratePerSecond,
    idealSeconds: (count * CALLS_PER_RESOURCE) / ratePerSecond,
    apiSeconds: (lastSuccess - (firstCall ?? 0)) / 1000,
    throttled,
    listPages,
    memberReads,
    peakReadsPerSecond: Math.max(0, ...perSecond.values()),
    outOfTurn,
    failed,
    cfnThrottled,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seedArg = args.find((arg) => arg.startsWith('--seed='));
  const seed = seedArg === undefined ? 1 : Number(seedArg.slice('--seed='.length));
  const pageArg = args.find((arg) => arg.startsWith('--page='));
  const pageSize = pageArg === undefined ? DEFAULT_PAGE_SIZE : Number(pageArg.slice('--page='.length));
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new Error(`--page must be a whole number of resources; got ${pageArg}`);
  const order = args.includes('--order=random') ? 'random' : 'id';
  const deferJoins = !args.includes('--join-at-once');
  const jitterArg = args.find((arg) => arg.startsWith('--record-jitter='));
  const recordJitterMs = jitterArg === undefined ? 0 : Number(jitterArg.slice('--record-jitter='.length));
  if (!(recordJitterMs >= 0)) throw new Error(`--record-jitter must be milliseconds; got ${jitterArg}`);
  const specs = args.filter((arg) => !arg.startsWith('--'));
  const scenarios = (specs.length > 0 ? specs : ['30@2', '100@2', '480@2', '30@0.5', '100@0.5', '480@0.5']).map(
    parseScenario,
  );
  console.log(
    '| scenario | API phase × ideal | throttled/resource | ListStackResources pages (/resource) | ' +
      'DescribeStackResource (/resource) | peak reads/s | reads throttled | out-of-turn starts | failed (out of time) |\n' +
      '|---|---|---|---|---|---|---|---|---|',
  );
  for (const scenario of scenarios) {
    const { count, rate, cfnRate, startSpreadMs } = scenario;
    const f = await simulate(scenario, seed, pageSize, order, deferJoins, recordJitterMs);
    const name =
      `${count} @ ${rate}/s` +
      (Number.isFinite(cfnRate) ? `, CloudFormation ${cfnRate}/s` : '') +
      (startSpreadMs === MODEL.coldStartSpreadMs ? '' : `, starts over ${startSpreadMs / 1000} s`);
    console.log(
      `| ${name} | ${f.apiSeconds.toFixed(1)} s = ${(f.apiSeconds / f.idealSeconds).toFixed(2)}× ` +
        `${f.idealSeconds.toFixed(0)} s | ${(f.throttled / count).toFixed(2)} | ${f.listPages} (${(f.listPages / count).toFixed(1)}) | ` +
        `${f.memberReads} (${(f.memberReads / count).toFixed(1)}) | ${f.peakReadsPerSecond} | ${f.cfnThrottled} | ${f.outOfTurn} | ${f.failed} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
