/**
 * Figures 6-8, deployed through the local CloudFormation runner (tools/local-cloudformation/) against the loopback
 * Connect Campaigns V2 emulator (tools/emulator/): API calls per create/update/delete, applying N resources under a
 * throttled API, and the stack status of lifecycle cases where the campaign is gone or running.
 *
 * Every scenario gets its own emulator and runner, both closed when it ends, also on failure or timeout.
 */
import { startEmulator } from '../emulator';
import type { ConnectCampaignsEmulator, FaultOptions, OperationName } from '../emulator';
import { LocalCloudFormation } from '../local-cloudformation';
import type { LifecycleCase } from './lifecycle-cases';
import { BenchStackOptions, campaignIdFor, DEFAULT_LIMITS, stackNameOf, synthTemplate, Variant } from './stacks';
import { progress, removeDir, tempDir } from './util';

/** A stack operation result as the runner returns it (only what the benchmark reads). */
interface Operation {
  readonly status: string;
  readonly reason?: string;
  readonly events: readonly { logicalId: string; action: string; status: string; phase: string; reason?: string }[];
}

/** What a scenario is given: the emulator, the runner, and assemblies to deploy. */
interface ScenarioContext {
  readonly variant: Variant;
  readonly stackName: string;
  readonly emulator: ConnectCampaignsEmulator;
  readonly cfn: LocalCloudFormation;
  /** Synthesizes the variant's stack into a temporary assembly (removed when the scenario ends). */
  synth(options: BenchStackOptions): string;
  deploy(assemblyDir: string, parameters?: Record<string, string>): Promise<Operation>;
  destroy(): Promise<Operation>;
}

/**
 * No stack operation of the benchmark may take longer than this: the provider framework's 15-minute Lambda timeout,
 * after which a custom resource fails whatever the handler does, and a minute more.
 */
const OPERATION_TIMEOUT_MS = 16 * 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one scenario with a fresh emulator (seeded with `campaignIds`) and a fresh runner. */
async function scenario<T>(
  variant: Variant,
  campaignIds: readonly string[],
  options: { faults?: FaultOptions; lambdaConcurrency?: number; lambdaInitAhead?: number; lambdaColdStartMs?: number },
  body: (context: ScenarioContext) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ campaigns: campaignIds.map((id) => ({ id })), faults: options.faults });
  const cfn = new LocalCloudFormation({
    env: { AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url, AWS_REGION: 'us-east-1' },
    region: 'us-east-1',
    accountId: '123456789012',
    ...(options.lambdaConcurrency !== undefined ? { lambdaConcurrency: options.lambdaConcurrency } : {}),
    ...(options.lambdaInitAhead !== undefined ? { lambdaInitAhead: options.lambdaInitAhead } : {}),
    ...(options.lambdaColdStartMs !== undefined ? { lambdaColdStartMs: options.lambdaColdStartMs } : {}),
  });
  const dirs: string[] = [];
  const stackName = stackNameOf(variant);
  try {
    return await body({
      variant,
      stackName,
      emulator,
      cfn,
      synth: (stackOptions) => {
        const dir = tempDir(`deploy-${variant}`);
        dirs.push(dir);
        synthTemplate(variant, stackOptions, dir);
        return dir;
      },
      deploy: (assemblyDir, parameters) =>
        withTimeout(
          cfn.deploy({ assemblyDir, stackName, ...(parameters ? { parameters } : {}) }),
          OPERATION_TIMEOUT_MS,
          'deploy',
        ),
      destroy: () => withTimeout(cfn.destroy(stackName), OPERATION_TIMEOUT_MS, 'destroy'),
    });
  } finally {
    await Promise.resolve(cfn.close()).catch(() => undefined);
    await emulator.close().catch(() => undefined);
    dirs.forEach(removeDir);
  }
}

/** The first failure's reason, shortened to one line. */
export function shortReason(operation: Operation): string | undefined {
  const reason = operation.reason ?? operation.events.find((event) => event.status === 'FAILED')?.reason;
  if (!reason) return undefined;
  const firstLine = reason.split('\n')[0].trim();
  return firstLine.length > 160 ? `${firstLine.slice(0, 157)}...` : firstLine;
}

function callSummary(emulator: ConnectCampaignsEmulator): { total: number; byOperation: Record<string, number> } {
  const byOperation: Record<string, number> = {};
  for (const call of emulator.calls) {
    const key = `${call.operation}${call.errorType ? ` (${call.errorType})` : ''}`;
    byOperation[key] = (byOperation[key] ?? 0) + 1;
  }
  return { total: emulator.calls.length, byOperation };
}

// ---------------------------------------------------------------------------------------------------------------
// Figure 6: API calls per create, update and delete of one resource.

export interface LifecycleStep {
  readonly status: string;
  readonly calls: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly ms: number;
}

export interface ApiCallFigures {
  readonly create: LifecycleStep;
  readonly update: LifecycleStep;
  readonly delete: LifecycleStep;
}

export async function measureApiCalls(variant: Variant): Promise<ApiCallFigures> {
  const campaignId = campaignIdFor(0);
  return scenario(variant, [campaignId], {}, async (context) => {
    const v1 = context.synth({ count: 1 });
    const v2 = context.synth({ count: 1, limits: [{ ...DEFAULT_LIMITS[0], frequency: 14 }, DEFAULT_LIMITS[1]] });
    const step = async (run: () => Promise<Operation>): Promise<LifecycleStep> => {
      context.emulator.resetCalls();
      const t0 = Date.now();
      const operation = await run();
      const ms = Date.now() - t0;
      const { total, byOperation } = callSummary(context.emulator);
      return { status: operation.status, calls: total, byOperation, ms };
    };
    const create = await step(() => context.deploy(v1));
    progress(`api calls ${variant}: create ${create.status}, ${create.calls} call(s)`);
    const update = await step(() => context.deploy(v2));
    const applied = context.emulator.getCampaign(campaignId)?.communicationLimitsOverride;
    const frequency = applied?.allChannelSubtypes?.communicationLimitsList[0]?.frequency;
    progress(`api calls ${variant}: update ${update.status}, ${update.calls} call(s), frequency now ${frequency}`);
    const destroyed = await step(() => context.destroy());
    progress(`api calls ${variant}: delete ${destroyed.status}, ${destroyed.calls} call(s)`);
    return { create, update, delete: destroyed };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Figure 7: N resources created at once against a throttled API.

/** The handlers' calls to the CloudFormation API during an operation (their reads of their own stack). */
export interface StackReads {
  readonly calls: number;
  /** The most calls in any one second. */
  readonly peakPerSecond: number;
}

function stackReadsOf(calls: readonly { readonly at: number }[]): StackReads {
  const perSecond = new Map<number, number>();
  for (const call of calls)
    perSecond.set(Math.floor(call.at / 1000), (perSecond.get(Math.floor(call.at / 1000)) ?? 0) + 1);
  return { calls: calls.length, peakPerSecond: Math.max(0, ...perSecond.values()) };
}

export interface ThrottleFigures {
  readonly count: number;
  readonly ratePerSecond: number;
  readonly burst: number;
  /** The create's Connect calls that got through / rate: the fastest any client could make them (see idealSecondsFor). */
  readonly idealSeconds: number;
  readonly create: {
    readonly status: string;
    readonly seconds: number;
    /** Campaigns that got a successful UpdateCampaignCommunicationLimits during the create. */
    readonly applied: number;
    /** Campaigns that still have an override when the operation ended (after any rollback). */
    readonly overridesLeft: number;
    readonly throttledCalls: number;
    readonly calls: number;
    readonly stackReads?: StackReads;
    /** From the first API call to the last one that got through (excludes process start-up). */
    readonly apiSeconds?: number;
    /** Its Connect calls that got through / rate. */
    readonly idealSeconds?: number;
    readonly reason?: string;
  };
  readonly delete: {
    readonly status: string;
    readonly seconds: number;
    readonly overridesLeft: number;
    readonly throttledCalls: number;
    readonly stackReads?: StackReads;
    /** From the first API call to the last one that got through. */
    readonly apiSeconds?: number;
    /** Its Connect calls that got through / rate. */
    readonly idealSeconds?: number;
    readonly reason?: string;
  };
}

/**
 * Seconds from the first recorded call to the last call that got through the throttle (whatever its operation: the
 * lifecycle's last call is the owner tag, after the limits write), if there was one.
 */
export function apiWindowSeconds(emulator: ConnectCampaignsEmulator): number | undefined {
  const calls = emulator.calls;
  const through = calls.filter((call) => call.errorType !== 'ThrottlingException');
  if (calls.length === 0 || through.length === 0) return undefined;
  const first = Math.min(...calls.map((call) => call.time.getTime()));
  const last = Math.max(...through.map((call) => call.time.getTime()));
  return (last - first) / 1000;
}

/**
 * The fastest any client could make the calls that got through: each took one token of the bucket, so they need
 * `calls / rate` seconds (a Create makes 3 Connect calls, DescribeCampaign, the limits write and TagResource; a
 * Delete 3 as well, DescribeCampaign, the limits delete and UntagResource).
 */
export function idealSecondsFor(emulator: ConnectCampaignsEmulator, ratePerSecond: number): number {
  return emulator.calls.filter((call) => call.errorType !== 'ThrottlingException').length / ratePerSecond;
}

function distinctSuccesses(emulator: ConnectCampaignsEmulator, operation: OperationName): number {
  const ids = new Set<string>();
  for (const call of emulator.calls) {
    if (call.operation === operation && call.errorType === undefined && call.campaignId) ids.add(call.campaignId);
  }
  return ids.size;
}

function overridesLeft(emulator: ConnectCampaignsEmulator, campaignIds: readonly string[]): number {
  return campaignIds.filter((id) => emulator.getCampaign(id)?.communicationLimitsOverride !== undefined).length;
}

/**
 * How the invocations' cold starts are run: `ahead`, each function's `lambdaConcurrency` environments initialised
 * when it is created, one per core at a time, each first invocation still waiting as long as its initialisation took
 * (a cold start on its own CPU, as in Lambda; `LambdaHostOptions.initAhead`), or `coldStartMs` if given; `shared`,
 * every environment started at its first invocation, all of them sharing this machine's cores (200 cold starts at
 * once take 15 to 32 s on 2 cores).
 */
export type ColdStarts = 'ahead' | 'shared';

export async function measureThrottled(
  variant: Variant,
  count: number,
  throttle: { ratePerSecond: number; burst: number },
  lambdaConcurrency: number,
  coldStarts: ColdStarts = 'ahead',
  coldStartMs?: number,
): Promise<ThrottleFigures> {
  const campaignIds = Array.from({ length: count }, (_, i) => campaignIdFor(i));
  const lambdaInitAhead = coldStarts === 'ahead' ? lambdaConcurrency : 0;
  const options = { faults: { throttle }, lambdaConcurrency, lambdaInitAhead, lambdaColdStartMs: coldStartMs };
  return scenario(variant, campaignIds, options, async (context) => {
    const assembly = context.synth({ count });
    const { emulator } = context;
    const throttledCalls = (): number => emulator.countCalls({ errorType: 'ThrottlingException' });

    emulator.resetCalls();
    await context.cfn.cloudFormationCalls(true);
    let t0 = Date.now();
    const created = await context.deploy(assembly);
    const createSeconds = (Date.now() - t0) / 1000;
    const create = {
      status: created.status,
      seconds: createSeconds,
      applied: distinctSuccesses(emulator, 'UpdateCampaignCommunicationLimits'),
      overridesLeft: overridesLeft(emulator, campaignIds),
      throttledCalls: throttledCalls(),
      calls: emulator.calls.length,
      stackReads: stackReadsOf(await context.cfn.cloudFormationCalls(true)),
      apiSeconds: apiWindowSeconds(emulator),
      idealSeconds: idealSecondsFor(emulator, throttle.ratePerSecond),
      reason: shortReason(created),
    };
    progress(
      `throttled ${variant} x${count}: ${create.status} in ${createSeconds.toFixed(1)} s, applied ${create.applied}, ` +
        `${create.throttledCalls}/${create.calls} calls throttled`,
    );

    emulator.resetCalls();
    emulator.setFaults({ throttle }); // a full bucket again, as after a pause
    t0 = Date.now();
    const destroyed = await context.destroy();
    const deleteFigures = {
      status: destroyed.status,
      seconds: (Date.now() - t0) / 1000,
      overridesLeft: overridesLeft(emulator, campaignIds),
      throttledCalls: throttledCalls(),
      stackReads: stackReadsOf(await context.cfn.cloudFormationCalls(true)),
      apiSeconds: apiWindowSeconds(emulator),
      idealSeconds: idealSecondsFor(emulator, throttle.ratePerSecond),
      reason: shortReason(destroyed),
    };
    progress(
      `throttled ${variant} x${count}: delete ${deleteFigures.status} in ${deleteFigures.seconds.toFixed(1)} s, ` +
        `${deleteFigures.overridesLeft} override(s) left`,
    );
    return {
      count,
      ratePerSecond: throttle.ratePerSecond,
      burst: throttle.burst,
      idealSeconds: create.idealSeconds,
      create,
      delete: deleteFigures,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Figure 8: lifecycle outcomes.

export interface LifecycleOutcome {
  /** The status of the operation the case is about. */
  readonly status: string;
  readonly reason?: string;
  /** The campaign's override afterwards, in short ("none", or the limits as `max/frequency` pairs). */
  readonly overrideAfter: string;
  readonly calls: Readonly<Record<string, number>>;
  /** Every failed resource event, as `phase ACTION: reason` (first line of the reason). */
  readonly failures: readonly string[];
}

function describeOverride(emulator: ConnectCampaignsEmulator, campaignId: string): string {
  const campaign = emulator.getCampaign(campaignId);
  if (!campaign) return 'campaign gone';
  const override = campaign.communicationLimitsOverride;
  if (!override) return 'none';
  const limits = override.allChannelSubtypes?.communicationLimitsList ?? [];
  return (
    limits
      .map((limit) => `${limit.maxCountPerRecipient} in ${limit.frequency} day${limit.frequency === 1 ? '' : 's'}`)
      .join(', ') || 'empty'
  );
}

export async function measureLifecycle(variant: Variant, which: LifecycleCase): Promise<LifecycleOutcome> {
  const campaignId = campaignIdFor(0);
  return scenario(variant, [campaignId], {}, async (context) => {
    const { emulator } = context;
    const outcome = (operation: Operation): LifecycleOutcome => ({
      status: operation.status,
      reason: shortReason(operation),
      overrideAfter: describeOverride(emulator, campaignId),
      calls: callSummary(emulator).byOperation,
      failures: operation.events
        .filter((event) => event.status === 'FAILED')
        .map((event) => `${event.phase} ${event.action}: ${(event.reason ?? '').split('\n')[0].slice(0, 200)}`),
    });
    const expect = (operation: Operation, status: string, step: string): void => {
      if (operation.status !== status) {
        throw new Error(`${variant} ${which}: ${step} ended ${operation.status}: ${shortReason(operation)}`);
      }
    };
    let result: LifecycleOutcome;
    switch (which) {
      case 'deleteAfterCampaignGone': {
        expect(await context.deploy(context.synth({ count: 1 })), 'CREATE_COMPLETE', 'create');
        emulator.removeCampaign(campaignId);
        emulator.resetCalls();
        result = outcome(await context.destroy());
        break;
      }
      case 'deleteAfterRunning': {
        expect(await context.deploy(context.synth({ count: 1 })), 'CREATE_COMPLETE', 'create');
        emulator.setCampaignState(campaignId, 'Running');
        emulator.resetCalls();
        result = outcome(await context.destroy());
        break;
      }
      case 'rollbackUpdateOnRunning': {
        expect(await context.deploy(context.synth({ count: 1 })), 'CREATE_COMPLETE', 'create');
        emulator.setCampaignState(campaignId, 'Running');
        emulator.resetCalls();
        const changed = context.synth({
          count: 1,
          limits: [{ ...DEFAULT_LIMITS[0], frequency: 14 }, DEFAULT_LIMITS[1]],
        });
        result = outcome(await context.deploy(changed));
        break;
      }
      case 'badValue': {
        const withParameter = context.synth({
          count: 1,
          limits: [{ ...DEFAULT_LIMITS[0], frequency: { parameter: 'Frequency' } }, DEFAULT_LIMITS[1]],
        });
        emulator.resetCalls();
        result = outcome(await context.deploy(withParameter, { Frequency: '31' }));
        break;
      }
    }
    progress(`lifecycle ${variant} ${which}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
    return result;
  });
}
