/**
 * Issue 9, item 5: a fair share of the account's API quota. N resources created at once against a throttled API
 * (the emulator's token bucket, burst 1), then the stack deleted under the same throttle. Prints, for each
 * scenario, the API phase against the ideal time (the Connect calls that got through / rate: 3 per resource, for a
 * Create DescribeCampaign, the limits write and TagResource, for a Delete DescribeCampaign, the limits delete and
 * UntagResource), the throttled calls per applied resource, and the handlers' reads of their stack (ListStackResources
 * and DescribeStacks calls, in all and at the busiest second). Goal: at most 1.3x the ideal time and at most 1.5 throttled calls per applied resource.
 *
 *   npx tsx tools/bench/fair-share.ts            # 30 and 100 resources, at 2 and 0.5 requests/s
 *   npx tsx tools/bench/fair-share.ts 30@2       # one scenario
 *   npx tsx tools/bench/fair-share.ts --cold-starts=shared 100@2
 *   npx tsx tools/bench/fair-share.ts --cold-start-ms=1000 100@2
 *
 * `--cold-starts=ahead` (the default) initialises each function's execution environments before the stack's custom
 * resources start, so that their cold starts do not share this machine's cores; `shared` starts each at its first
 * invocation, as the runner did until 7 December (measure-deploy.ts, `ColdStarts`). `--cold-start-ms=N` makes each
 * environment's first invocation wait N ms instead of its own initialisation time (Lambda's cold starts are likely
 * longer than this machine's module load).
 */
import { ColdStarts, measureThrottled, StackReads } from './measure-deploy';

const DEFAULT_SCENARIOS = ['30@2', '30@0.5', '100@2', '100@0.5'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = args.find((arg) => arg.startsWith('--cold-starts='));
  const coldStarts = flag?.split('=')[1] ?? 'ahead';
  if (!isColdStarts(coldStarts)) throw new Error(`--cold-starts is ahead or shared: ${flag}`);
  const coldStartFlag = args.find((arg) => arg.startsWith('--cold-start-ms='));
  const coldStartMs = coldStartFlag === undefined ? undefined : Number(coldStartFlag.split('=')[1]);
  if (coldStartMs !== undefined && !(coldStartMs >= 0))
    throw new Error(`--cold-start-ms is a number: ${coldStartFlag}`);
  const given = args.filter((arg) => !arg.startsWith('--'));
  const scenarios = given.length > 0 ? given : DEFAULT_SCENARIOS;
  console.log(`cold starts: ${coldStarts}${coldStartMs === undefined ? '' : `, each ${coldStartMs} ms`}`);
  const rows: string[] = [];
  for (const spec of scenarios) {
    const [count, ratePerSecond] = spec.split('@').map(Number);
    const figures = await measureThrottled('ours', count, { ratePerSecond, burst: 1 }, count, coldStarts, coldStartMs);
    const { create, delete: removal } = figures;
    const createIdeal = create.idealSeconds ?? figures.idealSeconds;
    const deleteIdeal = removal.idealSeconds ?? figures.idealSeconds;
    rows.push(
      `| ${count} @ ${ratePerSecond}/s | ${create.status} ${create.applied}/${count} applied, ` +
        `API phase ${fmt(create.apiSeconds)} s = ${((create.apiSeconds ?? NaN) / createIdeal).toFixed(2)}x ideal ${createIdeal.toFixed(1)} s, ` +
        `${(create.throttledCalls / Math.max(1, create.applied)).toFixed(2)} throttled/applied (${create.calls} calls) | ` +
        `${removal.status}, API phase ${fmt(removal.apiSeconds)} s = ${((removal.apiSeconds ?? NaN) / deleteIdeal).toFixed(2)}x ideal ${deleteIdeal.toFixed(1)} s, ` +
        `${(removal.throttledCalls / count).toFixed(2)} throttled/resource, ${removal.overridesLeft} left | ` +
        `${reads(create.stackReads, count)}; ${reads(removal.stackReads, count)} |`,
    );
  }
  console.log('| scenario | create | delete | CloudFormation reads (create; delete) |\n|---|---|---|---|');
  for (const row of rows) console.log(row);
}

function isColdStarts(value: string): value is ColdStarts {
  return value === 'ahead' || value === 'shared';
}

function reads(stackReads: StackReads | undefined, count: number): string {
  if (!stackReads) return '-';
  return `${stackReads.calls} calls (${(stackReads.calls / count).toFixed(1)}/resource, peak ${stackReads.peakPerSecond}/s)`;
}

function fmt(seconds: number | undefined): string {
  return seconds === undefined ? '-' : seconds.toFixed(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
