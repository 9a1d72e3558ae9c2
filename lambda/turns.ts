/**
 * Turns: how the invocations of one stack share the account's Connect Campaigns quota without talking to each
 * other.
 *
 * Connect throttles per account and region (the admin guide's quotas page) and does not publish the rate of these
 * operations, so no invocation knows it. Retrying at random either keeps the API busy by hammering it or leaves it
 * idle (docs/benchmarks-fair-share.md measures both). Instead, when a stack operation starts many of our resources at
 * once, their invocations take turns:
 *
 * - **The crowd.** An invocation joins before its first Connect call on a Create or a Delete (every resource of a
 *   new stack, or of a deleted one, starts at once), and on an Update only once it is first throttled (so that an
 *   update of one resource is as fast as without turns). Joining is one read of the stack's resources: the crowd is
 *   the resources of our two types that CloudFormation shows `*_IN_PROGRESS`; one alone goes at once, unpaced. In a
 *   stack of more than two pages, a member that sees several ahead of it on the first two reads the rest later.
 * - **The order.** Everyone orders the crowd the same way, by logical id; an invocation's turn comes when every member
 *   ahead of it has left `*_IN_PROGRESS` (CloudFormation's `LastUpdatedTimestamp` says when). It reads the stack again
 *   a few times as its turn comes nearer (each time most of the way to the earliest it can come), and polls only
 *   while one member is ahead (that member alone, when `readMember` is given).
 * - **The pace.** In its turn an invocation spaces its calls `pace` apart and its turn lasts `PACES_PER_TURN` paces
 *   (it waits out the rest after its last call), less `RECORD_LATENCY_MS`; the next turn starts `HANDOFF_MS` after
 *   CloudFormation recorded that end. So the next one's first call never meets an empty bucket, and every member can
 *   replay the crowd's paces from the completion times alone (`replayPaces`): the quicker of the second and third
 *   turns' lengths gives the pace; after a turn that ended on time the next goes a little faster (`SHRINK`), after a
 *   late one (a call was throttled) slower (`GROW`). The first `SEARCHING_TURNS` of a crowd know no pace: each starts
 *   from `FIRST_PACE_MS`, halves it after a success, doubles it after a throttle, and keeps the last that worked.
 * - **Never stuck.** A member whose turn is overdue (its invocation queued behind the Lambda's concurrency, say) is
 *   skipped by all at the same moment, and a turn that would come too late for the Lambda's deadline is not waited
 *   for: the invocation goes at once, at its pace (a throttled call waits a pace). One whose crowd cannot be read when
 *   it joins goes alone, with the jittered backoff of `retry.ts`.
 */
import type { StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { INSTANCE_RESOURCE_TYPE, RESOURCE_TYPE } from '../lib/shared/contract';
import type { Pacer } from './retry';
import type { StackApi } from './stack-api';

/** A resource of the stack as the turns need it. */
export interface CrowdMember {
  readonly logicalId: string;
  /** CloudFormation's `ResourceStatus`, e.g. `CREATE_IN_PROGRESS`. */
  readonly status: string;
  /** CloudFormation's `LastUpdatedTimestamp`, epoch milliseconds. */
  readonly updatedAt: number;
}

/** Reads the resources of the stack that take turns (our two resource types), every status. */
export type ReadCrowd = () => Promise<readonly CrowdMember[]>;
/** Reads the first pages of them only, whether more pages follow, and how to read the rest at once. */
export type ReadFirstPages = () => Promise<{
  readonly members: readonly CrowdMember[];
  readonly more: boolean;
  readonly readRest: () => Promise<readonly CrowdMember[]>;
}>;
/** Reads one member of the crowd (undefined: no such resource). */
export type ReadMember = (logicalId: string) => Promise<CrowdMember | undefined>;

/** The statuses of the members that take turns from their start (they join before their first call). */
const TURN_TAKING_STATUSES: ReadonlySet<string> = new Set(['CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS']);

/** The resource types whose invocations take turns: both call the same Connect Campaigns quota. */
const TURN_TAKING_TYPES: ReadonlySet<string> = new Set([RESOURCE_TYPE, INSTANCE_RESOURCE_TYPE]);

/** The crowd as ListStackResources shows it (all pages). */
export function crowdOf(stack: Pick<StackApi, 'resources'>): ReadCrowd {
  return async () => membersOf(await stack.resources());
}

/** The crowd's members on the first `JOIN_FIRST_PAGES` pages of ListStackResources. */
export function firstPagesOf(stack: Pick<StackApi, 'firstResources'>): ReadFirstPages {
  return async () => {
    const { resources, more, rest } = await stack.firstResources(JOIN_FIRST_PAGES);
    return { members: membersOf(resources), more, readRest: async () => membersOf(await rest()) };
  };
}

function membersOf(resources: readonly StackResourceSummary[]): CrowdMember[] {
  return resources
    .filter((resource) => TURN_TAKING_TYPES.has(resource.ResourceType ?? ''))
    .map((resource) => ({
      logicalId: resource.LogicalResourceId ?? '',
      status: resource.ResourceStatus ?? '',
      updatedAt: resource.LastUpdatedTimestamp?.getTime() ?? 0,
    }));
}

/**
 * One member as DescribeStackResource shows it: what a member polls while one member is ahead of it, one call
 * whatever the size of the stack (ListStackResources pages its answer: by 100 resources in the runner; AWS documents
 * a page only past 1 MB).
 */
export function memberOf(stack: Pick<StackApi, 'resource'>): ReadMember {
  return async (logicalId) => {
    const resource = await stack.resource(logicalId);
    if (!resource) return undefined;
    return {
      logicalId,
      status: resource.ResourceStatus ?? '',
      updatedAt: resource.LastUpdatedTimestamp?.getTime() ?? 0,
    };
  };
}

/** A turn lasts this many paces: three Connect calls per Create or Delete (DescribeCampaign, the write, the tag). */
export const PACES_PER_TURN = 3;
/**
 * The pace a first turn starts from: a little under two requests per second (the campaigns API is said to allow
 * about one or two writes per second; connect-campaigns-v2-limits.md).
 */
export const FIRST_PACE_MS = 600;
export const MIN_PACE_MS = 20;
export const MAX_PACE_MS = 20_000;
/**
 * After a turn that ended on time, the next goes this much faster; after one that ended late (a call was throttled,
 * so it took longer), `GROW` times slower: the pace hovers a few percent around what the API allows
 * (docs/benchmarks-fair-share.md).
 */
export const SHRINK = 0.93;
export const GROW = 1.2;
/** After the n-th on-time turn in a row, the next goes `SHRINK` to the n-th power faster, at most to this power. */
export const MAX_SHRINK_STEPS = 3;
/** While one member is ahead, the stack is polled this often: a twentieth of a turn, within these bounds. */
const POLL_CYCLES = 1 / 20;
export const MIN_POLL_MS = 50;
export const MAX_POLL_MS = 100;
/**
 * A poll of the member ahead that CloudFormation throttles is retried within this long, not with the backoff of
 * other calls (up to 5 s): a member that sees the end of the turn before its own late delays every turn after it, and
 * its lateness reads as a throttle to the others. In the simulation (tools/bench/turns-simulation.ts) with
 * CloudFormation's reads limited to 20/s, 100 resources at 2 requests/s took 4.35 times the ideal with the usual
 * backoff and 1.29 times with this one.
 */
export const POLL_RETRY_MAX_MS = 250;
/**
 * A turn starts this long after CloudFormation recorded the end of the turn before it (or when its member sees that
 * end, if later). Longer than a poll, so that when a turn starts does not depend on when its member happened to look.
 */
export const HANDOFF_MS = 150;
/**
 * The time CloudFormation is assumed to take to record a turn's end (the handler's return, the provider framework's
 * response, CloudFormation's status change). A turn ends this much before its paces are up, so that the next starts
 * one pace after its last call; no more than `HANDOFF_MS`, so that the next call can never come sooner.
 */
export const RECORD_LATENCY_MS = 100;
/**
 * The first turns of a crowd search for the pace, each on its own (see `replayPaces`): the first because no pace is
 * known; the second and third because the length of one turn can be stretched by a late start (a crowd's invocations
 * start over seconds: cold starts, the Lambda's concurrency, CloudFormation's own reads throttled), and the quicker of
 * two is the pace. In the simulation (tools/bench/turns-simulation.ts) with starts spread over 20 s, 100 resources at
 * 2 requests/s took 1.56 times the ideal with the second turn alone, and 1.21 times with this and `MEASURED_TURNS`
 * (docs/benchmarks-fair-share.md, "Starts spread over seconds").
 */
export const SEARCHING_TURNS = 3;
/** A turn's length is measured over this many of the latest intervals between completions. */
const RECENT_TURNS = 5;
/**
 * Until this many turns have been measured, a turn is taken to be as quick as `QUICKEST_TURN_GUESS_MS` at least: the
 * first turns, stretched by late starts, would make a member far back in the line sleep through its turn.
 */
const MEASURED_TURNS = 3;
/** CloudFormation's real time to record a turn's end is taken as the least lateness of this many turns before. */
const RECORD_WINDOW = 5;
/**
 * A turn that ends later than planned by this share of its pace, beyond that time, was late: a throttled call costs
 * its turn at least a pace; less is the jitter of cold connections and of polling.
 */
const LATE_SHARE = 1 / 2;
/**
 * The first turn of a crowd starts this long after CloudFormation started the crowd, so that the others know when it
 * began (and so that the resources started a little later are in the crowd when it is read).
 */
export const FIRST_TURN_DELAY_MS = 2_000;
/**
 * The head of the line that has not ended its turn this many turns (and this long) after it was due is skipped: its
 * invocation is not running yet (queued behind the account's Lambda concurrency, or a slow cold start). Long enough
 * for a turn slowed by a few throttles; short enough that a crowd larger than the concurrency keeps moving.
 */
const SKIP_CYCLES = 4;
export const SKIP_MIN_MS = 5_000;
/**
 * Before any turn has been measured, the quickest a turn is taken to be, for when a member waiting in a long line
 * first reads the stack again: about its place in the line times half this, so the members' reads spread out.
 * Quicker than a turn at any pace the search finds below 5 requests/s (3 paces, the handoff and the record).
 */
export const QUICKEST_TURN_GUESS_MS = 500;
/**
 * A member with several ahead sleeps this share of the least time it expects to wait: it comes late only if the crowd
 * goes 1 / 0.7 = 1.4 times faster than expected. A larger share saves reads and risks lateness. In the simulation
 * (tools/bench/turns-simulation.ts, before the speed-up term), 0.5, 0.7 and 0.8 made 49, 35 and 29 ListStackResources
 * pages per resource at 480 resources and 10 requests/s; 0.8 made 3 times the throttled calls of 0.7 at 100 and 0.5/s.
 */
const WAKE_SHARE = 0.7;
/** A member that sees this many ahead of it on the first pages of a larger stack reads the rest later (`join`). */
export const DEFERRED_JOIN_AHEAD = 4;
/**
 * A member reads this many pages of the stack's resources before it decides whether to read the rest later (`join`):
 * a stack of up to two pages (200 resources in the runner) is read whole at once, its joins costing at most 400
 * calls. In the runner, deferring the joins of 100 resources (two pages) made their create at 2 requests/s slower
 * (1.43x and 1.53x the ideal, against 1.29x at once, one run each): the deferred reads fell among the first turns.
 */
export const JOIN_FIRST_PAGES = 2;

export interface TurnsOptions {
  readonly logicalId: string;
  readonly readCrowd: ReadCrowd;
  /**
   * Reads the first `JOIN_FIRST_PAGES` pages only: a member of a larger crowd that sees enough members ahead of it
   * there reads the rest later (`join`). Default: the whole crowd at once.
   */
  readonly readFirstPages?: ReadFirstPages;
  /** Reads one member, to poll the one ahead (default: reading the whole crowd). */
  readonly readMember?: ReadMember;
  /** Epoch milliseconds after which no waiting for a turn goes on (time kept for the calls themselves). */
  readonly waitUntil: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called when the invocation joins a crowd and when its turn starts, for logging. */
  readonly onEvent?: (event: string, details: Record<string, unknown>) => void;
}

interface Joined {
  readonly at: number;
  /** When CloudFormation started the crowd: the earliest `LastUpdatedTimestamp` among its members. */
  readonly crowdStart: number;
  /** The members ahead of this one, in turn order. */
  readonly ahead: readonly string[];
  /** Every member, this one included. */
  readonly members: ReadonlySet<string>;
}

export class Turns implements Pacer {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private joinAttempted = false;
  private joined: Joined | undefined;
  private view: readonly CrowdMember[] = [];
  /** Members ahead that were skipped (see `nextSkipAt`), and when the last was. */
  private readonly absent = new Set<string>();
  private lastSkipAt: number | undefined;
  /** When each skip was (computed, so the same for every member), in order. */
  private readonly skipTimes: number[] = [];
  private turnStart: number | undefined;
  private lastAttemptAt: number | undefined;
  private lastSuccessAt: number | undefined;
  private pace = FIRST_PACE_MS;
  /** Whether the pace came from the turn before (else it is searched for: doubled, halved, bisected). */
  private informed = false;
  /** In an uninformed turn: the last gap that was throttled, and the last that was not. */
  private tooFast: number | undefined;
  private fastEnough: number | undefined;

  constructor(private readonly options: TurnsOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  }

  /** Whether this invocation takes turns with a crowd. */
  get inCrowd(): boolean {
    return this.joined !== undefined;
  }

  /** The current pace, in milliseconds between two calls. */
  get currentPace(): number {
    return this.pace;
  }

  /**
   * Reads the crowd, once per invocation; alone in it, the invocation goes unpaced. Returns whether it is in a crowd.
   */
  async join(): Promise<boolean> {
    if (this.joinAttempted) return this.inCrowd;
    this.joinAttempted = true;
    try {
      this.view = await this.readToJoin();
    } catch (error) {
      // Without the crowd there are no turns: the invocation goes alone, with the backoff of retry.ts.
      this.options.onEvent?.('Could not read the crowd; going without turns', { error });
      return false;
    }
    const inProgress = this.view.filter(isInProgress);
    const ids = inProgress.map((member) => member.logicalId);
    if (!ids.includes(this.options.logicalId)) ids.push(this.options.logicalId);
    if (ids.length < 2) return false;
    ids.sort();
    const crowdStart = Math.min(...inProgress.map((member) => member.updatedAt), this.now());
    // Those that have already had their turn count too: every member replays the same completions (replayPaces).
    const finished = this.view.filter((member) => !isInProgress(member) && member.updatedAt >= crowdStart);
    this.joined = {
      at: this.now(),
      crowdStart,
      ahead: ids.slice(0, ids.indexOf(this.options.logicalId)),
      members: new Set([...ids, ...finished.map((member) => member.logicalId)]),
    };
    this.options.onEvent?.('Joined a crowd', {
      crowd: ids.length,
      ahead: this.joined.ahead.length,
      sinceCrowdStart: this.joined.at - this.joined.crowdStart,
    });
    return true;
  }

  /**
   * The crowd, read to join it. Every member of a crowd joins within a few seconds, and a read of the crowd costs one
   * ListStackResources call per page (100 resources in the runner): at 480 resources, 2,400 calls at once, which
   * CloudFormation may throttle for tens of seconds, the first members of the line among them (issue 9: the reads must
   * not become the bottleneck; docs/benchmarks-fair-share.md, "Joins spread out"). So a member reads the first
   * `JOIN_FIRST_PAGES` pages; if more follow and it sees at least `DEFERRED_JOIN_AHEAD` members ahead of it there that
   * take turns from the start (being created or deleted: an Update takes turns only once throttled, and may end
   * sooner), its turn is at least that many turns away: it reads the whole crowd `WAKE_SHARE` of the way to the
   * earliest that can be, each turn taken to be as quick as `QUICKEST_TURN_GUESS_MS`. Those near the front of the line
   * read the rest at once; the others spread out.
   */
  private async readToJoin(): Promise<readonly CrowdMember[]> {
    const readFirstPages = this.options.readFirstPages;
    if (!readFirstPages) return this.options.readCrowd();
    const first = await readFirstPages();
    if (!first.more) return first.members;
    const ahead = first.members.filter(
      (member) => TURN_TAKING_STATUSES.has(member.status) && member.logicalId < this.options.logicalId,
    ).length;
    // Near the front: the rest now, after the first pages already read.
    if (ahead < DEFERRED_JOIN_AHEAD) return [...first.members, ...(await first.readRest())];
    const readAt = Math.min(this.now() + WAKE_SHARE * ahead * QUICKEST_TURN_GUESS_MS, this.options.waitUntil);
    this.options.onEvent?.('Reading the crowd later', { ahead, inMs: Math.round(readAt - this.now()) });
    if (readAt > this.now()) await this.sleep(readAt - this.now());
    return this.options.readCrowd();
  }

  async beforeAttempt(): Promise<void> {
    if (!this.joined) return;
    if (this.turnStart === undefined) await this.waitForTurn(this.joined);
    const base = this.lastSuccessAt ?? this.lastAttemptAt;
    if (base !== undefined) {
      const wait = base + this.pace - this.now();
      if (wait > 0) await this.sleep(wait);
    }
    this.lastAttemptAt = this.now();
  }

  async afterAttempt(outcome: 'ok' | 'throttled' | 'failed'): Promise<boolean> {
    const gap =
      this.lastSuccessAt !== undefined && this.lastAttemptAt !== undefined
        ? this.lastAttemptAt - this.lastSuccessAt
        : undefined;
    if (outcome === 'ok') {
      // An uninformed turn not yet throttled tries half the gap that worked (a gap is measured only in a turn:
      // beforeAttempt records an attempt once the turn has started).
      if (!this.informed && gap !== undefined && this.tooFast === undefined) {
        this.fastEnough = gap;
        this.pace = clampPace(gap / 2);
      }
      // Paced from the answer, not from the request: the request may have taken long to arrive (a cold start's first
      // connection), and the next one must not arrive less than a pace after it.
      this.lastSuccessAt = this.now();
      return false;
    }
    if (outcome !== 'throttled') return false;
    if (!this.joined) {
      // Throttled before joining (an Update): join now. A Create whose crowd read found it alone reads no more (join
      // reads once per invocation) and keeps the backoff of retry.ts.
      return this.join(); // in a crowd, the turn and its pace decide when the next attempt goes
    }
    // In a crowd, every attempt was made in the turn (beforeAttempt waits for it).
    if (this.informed) {
      this.pace = clampPace(this.pace * GROW);
    } else {
      // Searching: back to the gap that worked, else double; the search ends at the first throttle after a success.
      this.tooFast = gap ?? this.pace;
      this.pace = clampPace(this.fastEnough ?? this.tooFast * 2);
      if (this.fastEnough !== undefined) this.informed = true;
    }
    return true;
  }

  /**
   * Ends the turn: waits until it has lasted `PACES_PER_TURN` paces, and at least one pace after the last call, so
   * that the next member's first call finds a token and its length tells the next member this turn's pace.
   */
  async finish(): Promise<void> {
    if (!this.joined || this.turnStart === undefined || this.lastAttemptAt === undefined) return;
    const end =
      Math.max(this.turnStart + PACES_PER_TURN * this.pace, this.lastAttemptAt + this.pace) - RECORD_LATENCY_MS;
    const wait = Math.min(end, this.options.waitUntil) - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  private async waitForTurn(joined: Joined): Promise<void> {
    let skipped = false;
    for (;;) {
      const pending = this.pendingAhead(joined);
      if (pending.length === 0) {
        // Due after the latest completion: a member behind a skipped one may have gone since the skip.
        const startAt = this.turnDueAt(joined);
        if (this.now() < startAt) await this.sleep(startAt - this.now());
        this.startTurn(joined, skipped ? 'the member ahead did not take its turn' : 'turn');
        return;
      }
      // The head of the line has not ended its turn in time: it is not running (queued behind the Lambda's
      // concurrency, or slow to start). Every member computes the same moment for the skip from the same completion
      // times, whenever it reads them; the next in line, which is polling, goes then, and only it.
      const skipAt = this.nextSkipAt(joined, pending[0]);
      if (this.now() >= skipAt) {
        this.absent.add(pending[0]);
        this.lastSkipAt = skipAt;
        this.skipTimes.push(skipAt);
        this.options.onEvent?.('Skipped a member that is not taking its turn', { member: pending[0] });
        skipped = this.pendingAhead(joined).length === 0;
        continue;
      }
      if (this.now() >= this.options.waitUntil) {
        this.startTurn(joined, 'the deadline is near');
        return;
      }
      const cycle = this.cycle(joined);
      const poll = this.pollInterval(joined);
      // Several ahead: wake `WAKE_SHARE` of the way to the earliest the turn can come (at the quickest recent turn,
      // and quicker still if the crowd has been speeding up), at least half such a turn on. A member that trusted a
      // typical estimate would come late when the crowd speeds up, and so would every one after it (a late turn reads
      // as a throttled one). So a member reads the stack a few times, about log(members ahead) / log(1 / 0.3). A skip
      // can wait for the next wake: when it happened is computed from the completions (nextSkipAt), so a member that
      // reads late skips the same members as those that were awake. One ahead: poll from just before the turn is
      // expected, at least every quarter cycle, and wake for the skip.
      let wake: number;
      if (pending.length > 1) {
        const quick = this.cycle(joined, Infinity, 'quickest');
        const speedUp = this.speedUp(joined);
        // The head of the line has not completed yet: a line that is late (its head slow, or absent) is no nearer.
        const earliest = Math.max(
          this.latestCompletion(joined) + aheadTime(quick, speedUp, pending.length - 1),
          this.now() + aheadTime(quick, speedUp, pending.length - 2),
        );
        wake = Math.max(this.now() + quick / 2, this.now() + (earliest - this.now()) * WAKE_SHARE);
      } else {
        const eta = this.latestCompletion(joined) + cycle;
        wake = Math.min(Math.max(this.now() + poll, Math.min(eta - poll, this.now() + cycle / 4)), skipAt);
      }
      // Ahead of now (less the milliseconds since, when the skip is that near: such a sleep fires at once): the wake is
      // at least half a quick turn or a poll away, and no later than the skip and the deadline, both still to come.
      await this.sleep(Math.min(wake, this.options.waitUntil) - this.now());
      try {
        await this.refresh(pending.length === 1 ? pending[0] : undefined);
      } catch (error) {
        this.options.onEvent?.('Could not read the crowd; taking the turn', { error });
        this.startTurn(joined, 'the crowd could not be read');
        return;
      }
    }
  }

  /**
   * Reads the crowd again; with one member ahead, only that member (if a `readMember` is given): the completions of
   * those before it are already in the view, and the replay needs no others.
   */
  private async refresh(only: string | undefined): Promise<void> {
    if (only === undefined || !this.options.readMember) {
      this.view = await this.options.readCrowd();
      return;
    }
    const member = await this.options.readMember(only);
    this.view = this.view.filter((candidate) => candidate.logicalId !== only).concat(member ? [member] : []);
  }

  /**
   * When a turn is due: `HANDOFF_MS` after the latest completion of the members before `member` in the line (by
   * default, of every member), or the crowd's first turn.
   */
  private turnDueAt(joined: Joined, member?: string): number {
    const last = this.completions(joined, member).at(-1);
    return last === undefined ? joined.crowdStart + FIRST_TURN_DELAY_MS : last + HANDOFF_MS;
  }

  /** The members ahead that are still in progress and not skipped, in turn order. */
  private pendingAhead(joined: Joined): string[] {
    return joined.ahead.filter((id) => this.memberInProgress(id) && !this.absent.has(id));
  }

  /**
   * When `head`, the head of the line, is skipped: `SKIP_CYCLES` turns (at least `SKIP_MIN_MS`) after its turn was
   * due (after the members before it in the line completed, or after the first turn was due), or after the last skip.
   * Those behind it that went after the skip do not move it: a member that reads the stack later computes the same.
   */
  private nextSkipAt(joined: Joined, head: string): number {
    const due = this.turnDueAt(joined, head);
    // Not before this member joined: while the crowd's invocations are still starting (a hundred cold starts take
    // seconds), the head may not have joined yet either. Once a turn has ended, every member had joined before it.
    const base = Math.max(due, this.lastSkipAt ?? due, joined.at);
    // A turn's length as it was known then, so that the later completions of those that went after the skip (the
    // first of them, after a long wait, would look like a long turn) do not move it.
    return base + Math.max(SKIP_CYCLES * this.cycle(joined, base), SKIP_MIN_MS);
  }

  private startTurn(joined: Joined, reason: string): void {
    this.turnStart = this.now();
    const pace = replayPaces(this.completions(joined));
    if (pace !== undefined) {
      this.pace = clampPace(pace);
      this.informed = true;
    }
    this.options.onEvent?.('Turn started', { reason, pace: Math.round(this.pace), informed: this.informed });
  }

  private pollInterval(joined: Joined): number {
    return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, this.cycle(joined) * POLL_CYCLES));
  }

  private memberInProgress(logicalId: string): boolean {
    const member = this.view.find((candidate) => candidate.logicalId === logicalId);
    return member !== undefined && isInProgress(member);
  }

  /** Completion times of the crowd's members since it started (those before `member` in the line), in order. */
  private completions(joined: Joined, member?: string): number[] {
    return this.view
      .filter((candidate) => member === undefined || candidate.logicalId < member)
      .filter((candidate) => joined.members.has(candidate.logicalId) && !isInProgress(candidate))
      .map((candidate) => candidate.updatedAt)
      .filter((at) => at >= joined.crowdStart)
      .sort((a, b) => a - b);
  }

  private latestCompletion(joined: Joined): number {
    return this.completions(joined).at(-1) ?? joined.crowdStart;
  }

  /**
   * How long a turn takes, as measured: the median (or the least) of the last few intervals between completions
   * (those until `upTo`).
   */
  private cycle(joined: Joined, upTo = Infinity, pick: 'median' | 'quickest' = 'median'): number {
    const intervals = this.recentIntervals(joined, upTo);
    if (intervals.length === 0) return pick === 'quickest' ? QUICKEST_TURN_GUESS_MS : PACES_PER_TURN * FIRST_PACE_MS;
    const sorted = [...intervals].sort((a, b) => a - b);
    if (pick === 'median') return Math.max(MIN_POLL_MS, sorted[Math.floor(sorted.length / 2)]);
    const quickest = intervals.length < MEASURED_TURNS ? Math.min(sorted[0], QUICKEST_TURN_GUESS_MS) : sorted[0];
    return Math.max(MIN_POLL_MS, quickest);
  }

  /**
   * How much quicker each turn has been than the one before, lately (1: not quicker), from the first and the last of
   * the recent intervals; never more than the pace can shrink in a turn.
   */
  private speedUp(joined: Joined): number {
    const intervals = this.recentIntervals(joined, Infinity);
    if (intervals.length < 2) return 1;
    const ratio = (intervals[intervals.length - 1] / intervals[0]) ** (1 / (intervals.length - 1));
    return Math.min(1, Math.max(SHRINK ** MAX_SHRINK_STEPS, ratio));
  }

  /**
   * The last few turns' lengths (those ended until `upTo`), oldest first: the intervals between completions, each
   * from the latest skip in it if there was one (the wait for an absent member is no turn).
   */
  private recentIntervals(joined: Joined, upTo: number): number[] {
    const done = this.completions(joined).filter((at) => at <= upTo);
    const times = done.length === 1 ? [firstTurnBegan(joined, done[0]), ...done] : done;
    return times
      .slice(1)
      .map((at, i) => at - Math.max(times[i], ...this.skipTimes.filter((skip) => skip < at)))
      .slice(-RECENT_TURNS);
  }
}

/**
 * The pace of the next turn, replayed from the completion times of the turns so far, so that every member derives
 * the same paces from the same times. The first `SEARCHING_TURNS` turns searched, each on its own. When the first of
 * them began is not public (its invocation's cold start, in a crowd of a hundred, can take seconds); each after it began
 * `HANDOFF_MS` after the one before ended, or later if its invocation started late, so its length gives at least the
 * pace it kept (`searchedPace`), and the least of them is the reference. Each turn after them planned to end
 * `HANDOFF_MS` after the one before it, plus its paces, less `RECORD_LATENCY_MS`; how much later CloudFormation
 * recorded its end, beyond the least recent lateness (its real time to record), says whether it was late. Undefined
 * before the searching turns have ended.
 */
export function replayPaces(done: readonly number[]): number | undefined {
  if (done.length < SEARCHING_TURNS) return undefined;
  let pace = Infinity;
  for (let turn = 1; turn < SEARCHING_TURNS; turn++) {
    const measured = (done[turn] - done[turn - 1] - HANDOFF_MS + RECORD_LATENCY_MS) / PACES_PER_TURN;
    pace = Math.min(pace, searchedPace(measured));
  }
  const lateness: number[] = [];
  let onTimeInARow = 0;
  // `pace` is the pace of turn `turn - 1`, which has ended: judge it (the last searching turn is the reference) and
  // go on.
  for (let turn = SEARCHING_TURNS; turn <= done.length; turn++) {
    const ended = turn - 1;
    const plannedEnd = done[ended - 1] + HANDOFF_MS + PACES_PER_TURN * pace - RECORD_LATENCY_MS;
    const late = ended >= SEARCHING_TURNS && isLate(done[ended] - plannedEnd);
    onTimeInARow = late ? 0 : onTimeInARow + 1;
    // A run of on-time turns speeds up faster (the pace may be far too slow, after a start in a crowded API).
    pace = clampPace(pace * (late ? GROW : SHRINK ** Math.min(onTimeInARow, MAX_SHRINK_STEPS)));
  }
  return pace;

  function isLate(by: number): boolean {
    // The turns before this one tell how long CloudFormation takes beyond RECORD_LATENCY_MS (none yet: no longer).
    const recent = lateness.slice(-RECORD_WINDOW);
    const recordTime = recent.length === 0 ? 0 : Math.max(0, Math.min(...recent));
    lateness.push(by);
    return by - recordTime > pace * LATE_SHARE;
  }
}

/**
 * The pace a searching turn kept, from its measured one: the search doubles and halves `FIRST_PACE_MS`, so it is one
 * of those powers of two; a turn that ran long (slow calls, a slow start) measures more, so the nearest power at or
 * below (with a quarter of an octave to spare, for a turn that ended a little early) is the one it kept.
 */
export function searchedPace(measured: number): number {
  if (measured <= 0) return MIN_PACE_MS;
  return clampPace(FIRST_PACE_MS * 2 ** Math.floor(Math.log2(measured / FIRST_PACE_MS) + 1 / 4));
}

/**
 * The least time `count` turns take, the first `quick` long and each `speedUp` times the one before: a member that
 * waits on a crowd going faster and faster must not sleep through its turn.
 */
function aheadTime(quick: number, speedUp: number, count: number): number {
  if (speedUp >= 1) return count * quick;
  return (quick * speedUp * (1 - speedUp ** count)) / (1 - speedUp);
}

/** When the crowd's first turn began, about (for the waiting members' estimate of a turn's length only). */
function firstTurnBegan(joined: Joined, completedAt: number): number {
  return Math.max(joined.crowdStart + FIRST_TURN_DELAY_MS, Math.min(joined.at, completedAt));
}

export function isInProgress(member: CrowdMember): boolean {
  return member.status.endsWith('_IN_PROGRESS');
}

function clampPace(ms: number): number {
  return Math.min(MAX_PACE_MS, Math.max(MIN_PACE_MS, ms));
}
