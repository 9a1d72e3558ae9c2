/**
 * A one-off measure of a mixed stack: `count` constructs in one environment-agnostic stack, alternating
 * `CampaignCommunicationLimits` and `InstanceCommunicationLimits` (each on its own campaign or instance), synthesized
 * in fresh processes. Prints the median synth time (construct tree + `app.synth()`), the template's size and
 * resource count, and the largest role's inline policies as IAM counts them (worst-case intrinsics).
 *
 *   npx tsx tools/bench/mixed-synth.ts [count=480] [runs=5]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { CampaignCommunicationLimits, InstanceCommunicationLimits } from '../../lib';
import { IAM_ROLE_INLINE_LIMIT, PolicyTemplate, rolePolicies } from '../iam-policy-size';
import { campaignIdFor, DEFAULT_LIMITS } from './stacks';
import { fmt, kib, median, removeDir, runTsChild, tempDir } from './util';

const STACK = 'BenchMixed';

/** An instance id of the length Connect gives (a UUID), deterministic per index. */
const instanceIdFor = (index: number) => `1ce0c4a1-7e57-4b3c-9d2a-${index.toString(16).padStart(12, '0')}`;

/** In the child: build and synthesize, print the timing as one JSON line. */
function child(count: number, outdir: string): void {
  const t0 = performance.now();
  const app = new App({ outdir });
  const stack = new Stack(app, STACK);
  const communicationLimits = [...DEFAULT_LIMITS] as { maxCountPerRecipient: number; frequency: number }[];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      new CampaignCommunicationLimits(stack, `Campaign${i}`, { campaignId: campaignIdFor(i), communicationLimits });
    } else {
      new InstanceCommunicationLimits(stack, `Instance${i}`, {
        connectInstanceId: instanceIdFor(i),
        communicationLimits,
      });
    }
  }
  app.synth();
  process.stdout.write(`${JSON.stringify({ totalMs: performance.now() - t0 })}\n`);
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2) as (string | undefined)[];
  if (mode === '--child') {
    child(Number(rest[0]), String(rest[1]));
    return;
  }
  const count = Number(mode || 480);
  const runs = Number(rest.at(0) ?? 5);
  const samples: number[] = [];
  let outdir = '';
  for (let run = 0; run < runs; run++) {
    if (outdir) removeDir(outdir);
    outdir = tempDir(`mixed-${count}`);
    const { totalMs } = await runTsChild<{ totalMs: number }>(
      'mixed-synth.ts',
      ['--child', String(count), outdir],
      300_000,
    );
    samples.push(totalMs);
  }
  const templateText = fs.readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8');
  const template = JSON.parse(templateText) as PolicyTemplate;
  const roles = rolePolicies(template);
  const largest = roles.reduce((a, b) => (b.totalChars > a.totalChars ? b : a));
  removeDir(outdir);
  console.log(`${count} constructs (${Math.ceil(count / 2)} campaign, ${Math.floor(count / 2)} instance), one stack`);
  console.log(
    `synth: median ${fmt(median(samples))} ms of ${runs} fresh-process runs (${samples.map((s) => fmt(s)).join(', ')})`,
  );
  console.log(`template: ${Object.keys(template.Resources).length} resources, ${kib(Buffer.byteLength(templateText))}`);
  console.log(
    `largest role policy: ${fmt(largest.totalChars)} characters in ${largest.policyCount} inline policies ` +
      `(${largest.roleLogicalId}; IAM limit ${fmt(IAM_ROLE_INLINE_LIMIT)})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
