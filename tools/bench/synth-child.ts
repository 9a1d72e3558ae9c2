/**
 * One synth measurement, run in a fresh process by measure-synth.ts:
 *   node --import tsx tools/bench/synth-child.ts <ours|awscr> <count> <outdir> [<resourceLimit>]
 * Loads the modules first (not timed: the same for both), then times building the construct tree and
 * `app.synth()`, and prints one JSON line: {"constructMs", "synthMs", "totalMs"}.
 */
import { performance } from 'node:perf_hooks';
import { buildStack, newApp } from './stacks';

function main(): void {
  const [variant, countText, outdir, limitText] = process.argv.slice(2);
  if ((variant !== 'ours' && variant !== 'awscr') || !outdir) {
    throw new Error('usage: synth-child.ts <ours|awscr> <count> <outdir>');
  }
  const count = Number(countText);
  const t0 = performance.now();
  const options = { count, resourceLimit: limitText ? Number(limitText) : undefined };
  const app = newApp(options, outdir);
  buildStack(app, variant, options);
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ constructMs: t1 - t0, synthMs: t2 - t1, totalMs: t2 - t0 })}\n`);
}

main();
