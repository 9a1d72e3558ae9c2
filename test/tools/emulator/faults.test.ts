/** Fault injection: token bucket, seeded random faults, queued failures, option checks. */
import {
  ConflictException,
  ConnectCampaignsV2Client,
  DescribeCampaignCommand,
  GetCampaignStateCommand,
  InternalServerException,
  InvalidCampaignStateException,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateCampaignCommunicationLimitsCommand,
} from '@aws-sdk/client-connectcampaignsv2';
import { startEmulator, type ConnectCampaignsEmulator, type EmulatorOptions } from '../../../tools/emulator';
import { FaultInjector, seededRandom, TokenBucket } from '../../../tools/emulator/faults';

describe('TokenBucket', () => {
  test('starts full with `burst` tokens and refills at the rate, capped at burst', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    now = 500; // +1 token
    expect([bucket.tryTake(), bucket.tryTake()]).toEqual([true, false]);
    now = 60_000; // refill far beyond burst
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
  });

  test('a refused request does not consume a token', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 1, () => now);
    expect(bucket.tryTake()).toBe(true);
    now = 500;
    expect(bucket.tryTake()).toBe(false); // half a token: refused, and the half stays
    now = 1000;
    expect(bucket.tryTake()).toBe(true); // a consuming refusal would have left it at 0
  });
});

describe('seededRandom', () => {
  test('the same seed gives the same sequence in [0, 1); another seed another one', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 20 }, () => random());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('FaultInjector', () => {
  test('rejects out-of-range options', () => {
    expect(() => new FaultInjector({ serverErrorRatio: 1.5 })).toThrow(RangeError);
    expect(() => new FaultInjector({ conflictRatio: -0.1 })).toThrow('conflictRatio must be within 0..1');
    expect(() => new FaultInjector({ latencyMs: -1 })).toThrow(RangeError);
    expect(() => new FaultInjector({ throttle: { ratePerSecond: 1, burst: 0 } })).toThrow(
      'throttle.burst must be >= 1',
    );
    expect(() => new FaultInjector({ throttle: { ratePerSecond: Number.NaN } })).toThrow(RangeError);
    expect(() => new FaultInjector().enqueue({ error: 'ConflictException', count: 0 })).toThrow(RangeError);
  });

  test('latencyMs follows the current options', () => {
    const faults = new FaultInjector({ latencyMs: 25 });
    expect(faults.latencyMs).toBe(25);
    faults.configure({});
    expect(faults.latencyMs).toBe(0);
  });
});

const clientOptions = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 };

describe('through the emulator', () => {
  let emulator: ConnectCampaignsEmulator;
  let client: ConnectCampaignsV2Client;

  async function start(options: EmulatorOptions = {}): Promise<void> {
    emulator = await startEmulator({ campaigns: [{ id: 'c1' }, { id: 'c2' }], ...options });
    client = new ConnectCampaignsV2Client({ ...clientOptions, endpoint: emulator.url });
  }

  afterEach(async () => {
    client.destroy();
    await emulator.close();
  });

  const update = (id = 'c1') =>
    client.send(new UpdateCampaignCommunicationLimitsCommand({ id, communicationLimitsOverride: {} }));
  const outcome = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'ok',
      (error: unknown) => (error instanceof Error ? error.name : `not an Error: ${typeof error}`),
    );

  test('throttle: over-rate requests get ThrottlingException, across operations', async () => {
    await start({ faults: { throttle: { ratePerSecond: 0, burst: 2 } } });
    await update();
    await client.send(new GetCampaignStateCommand({ id: 'c1' }));
    await expect(client.send(new DescribeCampaignCommand({ id: 'c1' }))).rejects.toBeInstanceOf(ThrottlingException);
    await expect(update()).rejects.toBeInstanceOf(ThrottlingException);
    expect(emulator.countCalls({ errorType: 'ThrottlingException' })).toBe(2);
    expect(emulator.countCalls({ status: 429 })).toBe(2);

    emulator.setFaults({});
    await update();
  });

  test('serverErrorRatio 1 fails every operation with InternalServerException, without applying it', async () => {
    await start({ faults: { serverErrorRatio: 1 } });
    await expect(update()).rejects.toBeInstanceOf(InternalServerException);
    await expect(client.send(new GetCampaignStateCommand({ id: 'c1' }))).rejects.toBeInstanceOf(
      InternalServerException,
    );
    expect(emulator.getCampaign('c1')?.communicationLimitsOverride).toBeUndefined();
  });

  test('conflictRatio 1 hits mutations of existing campaigns only', async () => {
    await start({ faults: { conflictRatio: 1 } });
    await expect(update()).rejects.toBeInstanceOf(ConflictException);
    await expect(update('missing')).rejects.toBeInstanceOf(ResourceNotFoundException);
    await client.send(new DescribeCampaignCommand({ id: 'c1' }));
    expect(emulator.getCampaign('c1')?.communicationLimitsOverride).toBeUndefined();
  });

  test('random faults are reproducible with a seed', async () => {
    const run = async (seed: number): Promise<string[]> => {
      await start({ faults: { serverErrorRatio: 0.3, conflictRatio: 0.3, seed } });
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) outcomes.push(await outcome(update()));
      client.destroy();
      await emulator.close();
      return outcomes;
    };
    const first = await run(5);
    expect(await run(5)).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', 'InternalServerException', 'ConflictException']));
    expect(await run(6)).not.toEqual(first);
    await start(); // for afterEach
  });

  test('setFaults reseeds: the same options give the same sequence again', async () => {
    await start();
    emulator.setFaults({ serverErrorRatio: 0.5, seed: 9 });
    const first: string[] = [];
    for (let i = 0; i < 12; i++) first.push(await outcome(update()));
    emulator.setFaults({ serverErrorRatio: 0.5, seed: 9 });
    const second: string[] = [];
    for (let i = 0; i < 12; i++) second.push(await outcome(update()));
    expect(second).toEqual(first);
    expect(first).toContain('ok');
    expect(first).toContain('InternalServerException');
  });

  test('failNext: the next N matching calls fail, others are untouched', async () => {
    await start();
    emulator.failNext({ operation: 'UpdateCampaignCommunicationLimits', error: 'ConflictException', count: 2 });
    await client.send(new DescribeCampaignCommand({ id: 'c1' }));
    expect([await outcome(update()), await outcome(update()), await outcome(update())]).toEqual([
      'ConflictException',
      'ConflictException',
      'ok',
    ]);
  });

  test('failNext: campaignId narrows the match and entries apply in order', async () => {
    await start();
    emulator.failNext({ campaignId: 'c2', error: 'InternalServerException' });
    emulator.failNext({ operation: 'UpdateCampaignCommunicationLimits', error: 'ThrottlingException' });
    emulator.failNext({ operation: 'UpdateCampaignCommunicationLimits', error: 'ConflictException' });
    expect(await outcome(update('c1'))).toBe('ThrottlingException');
    expect(await outcome(update('c2'))).toBe('InternalServerException');
    expect(await outcome(update('c2'))).toBe('ConflictException');
    expect(await outcome(update('c2'))).toBe('ok');
  });

  test('failNext: InvalidCampaignStateException carries the given state and message', async () => {
    await start();
    emulator.failNext({ error: 'InvalidCampaignStateException', state: 'Stopped', message: 'not now' });
    const error = await update().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidCampaignStateException);
    expect(error).toMatchObject({ state: 'Stopped', message: 'not now' });
  });

  test('clearFailNext drops queued failures', async () => {
    await start();
    emulator.failNext({ error: 'ConflictException', count: 3 });
    emulator.clearFailNext();
    expect(await outcome(update())).toBe('ok');
  });

  test('a throttled call does not use up a queued failure', async () => {
    await start({ faults: { throttle: { ratePerSecond: 0, burst: 1 } } });
    emulator.failNext({ error: 'ConflictException' });
    expect(await outcome(update())).toBe('ConflictException');
    emulator.failNext({ error: 'InternalServerException' });
    expect(await outcome(update())).toBe('ThrottlingException');
    emulator.setFaults({});
    expect(await outcome(update())).toBe('InternalServerException');
  });

  test('startEmulator and setFaults reject invalid fault options', async () => {
    await expect(startEmulator({ faults: { serverErrorRatio: 2 } })).rejects.toThrow(RangeError);
    await start();
    expect(() => emulator.setFaults({ latencyMs: -5 })).toThrow(RangeError);
  });
});
