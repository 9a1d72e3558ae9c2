/**
 * Diagnostic for issue 9, item 5: one throttled create of N resources (as `fair-share.ts N@rate`), with the timeline
 * the figures hide: the Connect calls that got through and were throttled, per 5 s, and when each invocation started,
 * joined its crowd and began its turn (from the handler's own log lines).
 *
 *   npx tsx tools/bench/trace-fair-share.ts 100@2
 *   npx tsx tools/bench/trace-fair-share.ts 100@2 --cold-starts=shared   (see fair-share.ts)
 *   npx tsx tools/bench/trace-fair-share.ts 100@2 --cold-start-ms=1000   (see fair-share.ts)
 */
import { startEmulator } from '../emulator';
import { LocalCloudFormation } from '../local-cloudformation';
import { apiWindowSeconds, idealSecondsFor } from './measure-deploy';
import { campaignIdFor, stackNameOf, synthTemplate } from './stacks';
import { removeDir, tempDir } from './util';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const [count, ratePerSecond] = (args.find((arg) => !arg.startsWith('--')) ?? '100@2').split('@').map(Number);
  const known = (arg: string) => arg === '--cold-starts=shared' || /^--cold-start-ms=\d+$/.test(arg);
  const unknown = args.filter((arg) => arg.startsWith('--') && !known(arg));
  if (unknown.length > 0)
    throw new Error(`unknown flag ${unknown.join(' ')} (--cold-starts=shared, --cold-start-ms=N)`);
  const shared = args.includes('--cold-starts=shared');
  const coldStartFlag = args.find((arg) => arg.startsWith('--cold-start-ms='));
  const campaignIds = Array.from({ length: count }, (_, i) => campaignIdFor(i));
  const emulator = await startEmulator({
    campaigns: campaignIds.map((id) => ({ id })),
    faults: { throttle: { ratePerSecond, burst: 1 } },
  });
  const lines: { at: number; requestId?: string; line: string }[] = [];
  const cfn = new LocalCloudFormation({
    env: { AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: emulator.url, AWS_REGION: 'us-east-1' },
    region: 'us-east-1',
    accountId: '123456789012',
    lambdaConcurrency: count,
    lambdaInitAhead: shared ? 0 : count,
    ...(coldStartFlag ? { lambdaColdStartMs: Number(coldStartFlag.split('=')[1]) } : {}),
    onLambdaLog: (line) => lines.push({ at: Date.now(), requestId: line.requestId, line: line.line }),
  });
  const dir = tempDir('trace');
  try {
    synthTemplate('ours', { count }, dir);
    emulator.resetCalls();
    const t0 = Date.now();
    const result = await cfn.deploy({ assemblyDir: dir, stackName: stackNameOf('ours') });
    console.log(`create: ${result.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const calls = emulator.calls.map((call) => ({
      at: call.time.getTime() - t0,
      throttled: call.errorType === 'ThrottlingException',
    }));
    // The API phase and the ideal as fair-share.ts reckons them.
    const phase = apiWindowSeconds(emulator);
    const ideal = idealSecondsFor(emulator, ratePerSecond);
    if (phase !== undefined) {
      console.log(`API phase ${phase.toFixed(1)} s = ${(phase / ideal).toFixed(2)}x ideal ${ideal.toFixed(1)} s`);
    }
    const buckets = new Map<number, { ok: number; throttled: number }>();
    for (const call of calls) {
      const bucket = Math.floor(call.at / 5000) * 5;
      const entry = buckets.get(bucket) ?? { ok: 0, throttled: 0 };
      if (call.throttled) entry.throttled++;
      else entry.ok++;
      buckets.set(bucket, entry);
    }
    console.log('second | through | throttled');
    for (const [bucket, entry] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
      console.log(`${String(bucket).padStart(4)} | ${String(entry.ok).padStart(3)} | ${entry.throttled}`);
    }
    // When each invocation wrote its first line (its start, about), and when each joined: the spread of the starts.
    const firstLine = new Map<string, number>();
    for (const entry of lines)
      if (entry.requestId && !firstLine.has(entry.requestId)) firstLine.set(entry.requestId, entry.at);
    const joins = lines.filter((entry) => entry.line.includes('Joined a crowd')).map((entry) => entry.at);
    console.log(`invocations' first lines (both functions): ${spread([...firstLine.values()], t0)}`);
    console.log(`joins: ${spread(joins, t0)}`);
    const interesting = /Joined a crowd|Turn started|Skipped|Could not read|going without/;
    for (const entry of lines.filter((l) => interesting.test(l.line))) {
      let message = entry.line;
      try {
        const parsed = JSON.parse(entry.line) as Record<string, unknown>;
        const { message: text, crowd, ahead, sinceCrowdStart, reason, pace, informed, member, logicalId } = parsed;
        message = JSON.stringify({ text, logicalId, crowd, ahead, sinceCrowdStart, reason, pace, informed, member });
      } catch {
        // not JSON
      }
      console.log(`${((entry.at - t0) / 1000).toFixed(2).padStart(7)} ${message}`);
    }
  } finally {
    await Promise.resolve(cfn.close()).catch(() => undefined);
    await emulator.close().catch(() => undefined);
    removeDir(dir);
  }
}

/** First, median and last of some moments, in seconds since `t0`. */
function spread(moments: readonly number[], t0: number): string {
  if (moments.length === 0) return 'none';
  const sorted = [...moments].sort((a, b) => a - b);
  const at = (i: number) => ((sorted[i] - t0) / 1000).toFixed(1);
  return `${sorted.length}, first ${at(0)} s, median ${at(Math.floor(sorted.length / 2))} s, last ${at(sorted.length - 1)} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
