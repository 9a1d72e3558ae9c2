/**
 * Runs the emulator for demos and manual tests, printing its URL and one line per request:
 *   npx tsx tools/emulator/cli.ts --port 4599 --campaign my-campaign --campaign other=Running
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './server';
import { CAMPAIGN_STATES, type CallRecord, type CampaignState, type EmulatorOptions, type SeedCampaign } from './types';

const USAGE = `Usage: tsx tools/emulator/cli.ts [options]
  --port <n>                 port to listen on (default 4599; 0 = any free port)
  --host <addr>              loopback address (default 127.0.0.1)
  --campaign <id>[=<State>]  seed a campaign (repeatable; State default Initialized)
  --throttle-rate <n>        token bucket rate, requests per second
  --throttle-burst <n>       token bucket size (default 1)
  --server-error-ratio <r>   share of 500 InternalServerException answers (0..1)
  --conflict-ratio <r>       share of 409 ConflictException answers to mutations (0..1)
  --latency-ms <n>           delay before each answer
  --seed <n>                 PRNG seed of the random faults`;

/** Turns command-line arguments into emulator options. @throws Error on a bad argument */
export function parseCliArgs(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '4599' },
      host: { type: 'string' },
      campaign: { type: 'string', multiple: true, default: [] },
      'throttle-rate': { type: 'string' },
      'throttle-burst': { type: 'string' },
      'server-error-ratio': { type: 'string' },
      'conflict-ratio': { type: 'string' },
      'latency-ms': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const rate = toNumber('throttle-rate', values['throttle-rate']);
  const burst = toNumber('throttle-burst', values['throttle-burst']);
  if (burst !== undefined && rate === undefined) throw new Error('--throttle-burst needs --throttle-rate');
  return {
    port: toNumber('port', values.port),
    host: values.host,
    campaigns: values.campaign.map(parseCampaign),
    faults: {
      throttle: rate === undefined ? undefined : { ratePerSecond: rate, burst },
      serverErrorRatio: toNumber('server-error-ratio', values['server-error-ratio']),
      conflictRatio: toNumber('conflict-ratio', values['conflict-ratio']),
      latencyMs: toNumber('latency-ms', values['latency-ms']),
      seed: toNumber('seed', values.seed),
    },
  };
}

/** One log line: time, operation, resource, status and error type. */
export function formatCall(call: CallRecord): string {
  const resource = call.campaignId ?? call.connectInstanceId ?? call.path;
  const outcome = call.errorType ? `${call.status} ${call.errorType}` : `${call.status}`;
  return `${call.time.toISOString()} ${call.operation} ${resource} -> ${outcome}`;
}

function parseCampaign(spec: string): SeedCampaign {
  const separator = spec.indexOf('=');
  const id = separator < 0 ? spec : spec.slice(0, separator);
  const state = separator < 0 ? undefined : spec.slice(separator + 1);
  if (state !== undefined && !(CAMPAIGN_STATES as readonly string[]).includes(state)) {
    throw new Error(`--campaign ${spec}: state must be one of ${CAMPAIGN_STATES.join(', ')}`);
  }
  return { id, state: state as CampaignState | undefined };
}

function toNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`--${name} must be a number, got '${text}'`);
  return value;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let options: EmulatorOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator({ ...options, onRequest: (call) => console.log(formatCall(call)) });
  console.log(`Connect Campaigns V2 emulator listening on ${emulator.url}`);
  console.log(`  export AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2=${emulator.url}`);
  for (const seed of options.campaigns ?? []) console.log(`  campaign ${seed.id} (${seed.state ?? 'Initialized'})`);
  const stop = (): void => void emulator.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}
