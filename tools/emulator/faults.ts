/** Fault injection: token-bucket throttling, seeded random 500/409 answers, queued errors, latency. */
import { invalidCampaignState, ServiceError } from './errors';
import type { FailNextSpec, FaultOptions, OperationName } from './types';

/** Milliseconds since some fixed origin. */
export type Clock = () => number;

const DEFAULT_SEED = 1;

/** A token bucket that starts full and refills continuously; a refused take leaves the tokens untouched. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: Clock,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    const time = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((time - this.last) / 1000) * this.ratePerSecond);
    this.last = time;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** mulberry32: a small seeded PRNG with values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @throws RangeError when an option is out of range */
export function checkFaultOptions(options: FaultOptions): void {
  const inRange = (value: number | undefined, min: number, max: number): boolean =>
    value === undefined || (Number.isFinite(value) && value >= min && value <= max);
  const checks: [boolean, string][] = [
    [inRange(options.serverErrorRatio, 0, 1), 'serverErrorRatio must be within 0..1'],
    [inRange(options.conflictRatio, 0, 1), 'conflictRatio must be within 0..1'],
    [inRange(options.latencyMs, 0, Infinity), 'latencyMs must be >= 0'],
    [inRange(options.seed, -Infinity, Infinity), 'seed must be a finite number'],
    [inRange(options.throttle?.ratePerSecond, 0, Infinity), 'throttle.ratePerSecond must be >= 0'],
    [inRange(options.throttle?.burst, 1, Infinity), 'throttle.burst must be >= 1'],
  ];
  const problems = checks.filter(([ok]) => !ok).map(([, problem]) => problem);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}

interface QueuedFailure extends FailNextSpec {
  remaining: number;
}

/** Decides which requests fail. Random draws happen only for ratios above 0, so a seed fixes the sequence. */
export class FaultInjector {
  private options: FaultOptions = {};
  private bucket: TokenBucket | undefined;
  private random: () => number = seededRandom(DEFAULT_SEED);
  private readonly queue: QueuedFailure[] = [];

  constructor(
    options: FaultOptions = {},
    private readonly now: Clock = Date.now,
  ) {
    this.configure(options);
  }

  /** Replaces the fault options; refills the token bucket and reseeds the PRNG. Queued failures stay. */
  configure(options: FaultOptions): void {
    checkFaultOptions(options);
    this.options = structuredClone(options);
    const throttle = options.throttle;
    this.bucket = throttle ? new TokenBucket(throttle.ratePerSecond, throttle.burst ?? 1, this.now) : undefined;
    this.random = seededRandom(options.seed ?? DEFAULT_SEED);
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  /** Queues an error for the next matching calls (FIFO among matching entries). */
  enqueue(spec: FailNextSpec): void {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('failNext count must be an integer >= 1');
    this.queue.push({ ...spec, remaining: count });
  }

  clearQueue(): void {
    this.queue.length = 0;
  }

  /** The fault answered before a request is looked at: throttling, then a queued error, then a random 500. */
  beforeProcessing(operation: OperationName, campaignId: string | undefined): ServiceError | undefined {
    if (this.bucket && !this.bucket.tryTake()) return new ServiceError('ThrottlingException');
    const queued = this.takeQueued(operation, campaignId);
    if (queued) return queued;
    if (this.chance(this.options.serverErrorRatio)) return new ServiceError('InternalServerException');
    return undefined;
  }

  /** A random ConflictException for a valid mutation of an existing resource. */
  conflict(): ServiceError | undefined {
    return this.chance(this.options.conflictRatio) ? new ServiceError('ConflictException') : undefined;
  }

  private takeQueued(operation: OperationName, campaignId: string | undefined): ServiceError | undefined {
    const index = this.queue.findIndex(
      (entry) =>
        (entry.operation === undefined || entry.operation === operation) &&
        (entry.campaignId === undefined || entry.campaignId === campaignId),
    );
    if (index < 0) return undefined;
    const entry = this.queue[index];
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queue.splice(index, 1);
    return entry.error === 'InvalidCampaignStateException'
      ? invalidCampaignState(entry.state ?? 'Running', entry.message)
      : new ServiceError(entry.error, entry.message);
  }

  private chance(ratio: number | undefined): boolean {
    return ratio !== undefined && ratio > 0 && this.random() < ratio;
  }
}
