/**
 * `npm run bench`: CampaignCommunicationLimits vs aws-cdk-lib's AwsCustomResource doing the same job, measured
 * side by side in one run. Progress goes to stderr, the markdown table to stdout, and the table with the date and
 * the machine to docs/benchmarks.md.
 *
 *   npx tsx tools/bench/index.ts            # the full run (a few minutes)
 *   npx tsx tools/bench/index.ts --quick    # a smoke run: small counts, single samples (docs/benchmarks.md is not written)
 *   npx tsx tools/bench/index.ts --skip-deploy   # figures 1-5 and 9 only (no local CloudFormation runner)
 *
 * This is a benchmark, not a test: it asserts nothing about the figures.
 */
import { parseArgs } from 'node:util';
import { LIFECYCLE_CASES, LifecycleCase } from './lifecycle-cases';
import { handlerBundleHash, machineInfo } from './machine';
import { measureDiff } from './measure-diff';
import { measureHandlers } from './measure-handler';
import { measureSynth, SynthMeasurement } from './measure-synth';
import { firstCountOverIamLimit, largestRoleChars, oursWildcardThreshold, templateFigures } from './measure-template';
import { methodAndCaveats } from './method';
import { renderConclusions, renderNotes, renderTable, writeDocs } from './report';
import type { BenchResults, DeployResults } from './results';
import { HANDLER_BUNDLES_SEEN, stackNameOf, synthTemplate, Variant, VARIANTS } from './stacks';
import { progress, removeDir } from './util';

interface Settings {
  readonly quick: boolean;
  readonly skipDeploy: boolean;
  readonly small: number;
  readonly large: number;
  readonly synthRuns: number;
  readonly initRuns: number;
  readonly throttle: { readonly count: number; readonly ratePerSecond: number; readonly burst: number };
}

function settings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { quick: { type: 'boolean', default: false }, 'skip-deploy': { type: 'boolean', default: false } },
  });
  const quick = values.quick;
  return {
    quick,
    skipDeploy: values['skip-deploy'],
    small: 1,
    large: quick ? 20 : 480,
    synthRuns: quick ? 1 : 3,
    initRuns: quick ? 1 : 5,
    throttle: quick ? { count: 10, ratePerSecond: 5, burst: 1 } : { count: 50, ratePerSecond: 5, burst: 1 },
  };
}

/** Raised only where CDK's check of the 500-resource quota would stop the synth (see defaultSynthError). */
const RAISED_RESOURCE_LIMIT = 100_000;

/** The first line of the error a default synth of the stack throws, or undefined when it synthesizes. */
function defaultSynthError(variant: Variant, count: number): string | undefined {
  try {
    synthTemplate(variant, { count });
    return undefined;
  } catch (error) {
    return String(error instanceof Error ? error.message : error).split('\n')[0];
  }
}

async function measureDeploys(s: Settings): Promise<DeployResults> {
  // Loaded here, so that figures 1-5 and 9 are still produced when the runner cannot be loaded.
  const deploy = await import('./measure-deploy');
  const perVariant = async <T>(measure: (variant: Variant) => Promise<T>): Promise<Record<Variant, T>> => {
    const result = {} as Record<Variant, T>;
    for (const variant of VARIANTS) result[variant] = await measure(variant);
    return result;
  };
  progress('figure 6: API calls per create / update / delete');
  const apiCalls = await perVariant((variant) => deploy.measureApiCalls(variant));
  progress(`figure 7: ${s.throttle.count} resources under ${s.throttle.ratePerSecond} req/s`);
  const { count, ratePerSecond, burst } = s.throttle;
  const throttle = await perVariant((variant) =>
    deploy.measureThrottled(variant, count, { ratePerSecond, burst }, count),
  );
  progress('figure 8: lifecycle outcomes');
  const lifecycle = {} as Record<LifecycleCase, Record<Variant, Awaited<ReturnType<typeof deploy.measureLifecycle>>>>;
  for (const which of LIFECYCLE_CASES)
    lifecycle[which] = await perVariant((variant) => deploy.measureLifecycle(variant, which));
  return { apiCalls, throttle, lifecycle };
}

/** Someone rebuilding the handler while the benchmark runs would mix two versions in one table. */
function bundleChange(before: string): string | undefined {
  const seen = new Set([before, ...HANDLER_BUNDLES_SEEN, handlerBundleHash()]);
  return seen.size === 1 ? undefined : `assets/on-event/index.js changed during the run (${[...seen].join(' → ')})`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const s = settings(process.argv.slice(2));
  const machine = machineInfo();
  progress(`${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, aws-cdk-lib ${machine.awsCdkLib}`);
  const assemblies: string[] = [];
  try {
    // Figures 1-2: synth time, template size and resource count.
    const defaultSynthErrors: Partial<Record<Variant, string>> = {};
    const synth = {} as Record<Variant, { small: SynthMeasurement; large: SynthMeasurement }>;
    for (const variant of VARIANTS) {
      progress(`figure 1: synth ${variant}, ${s.small} and ${s.large} resources, ${s.synthRuns} run(s) each`);
      const small = await measureSynth(variant, s.small, s.synthRuns);
      assemblies.push(small.assemblyDir);
      const error = defaultSynthError(variant, s.large);
      if (error) {
        defaultSynthErrors[variant] = error;
        progress(`${variant} x${s.large} does not synthesize by default (${error}); measuring with the limit raised`);
      }
      const large = await measureSynth(variant, s.large, s.synthRuns, error ? RAISED_RESOURCE_LIMIT : undefined);
      assemblies.push(large.assemblyDir);
      synth[variant] = { small, large };
    }
    const templates = {} as Record<
      Variant,
      { small: ReturnType<typeof templateFigures>; large: ReturnType<typeof templateFigures> }
    >;
    for (const variant of VARIANTS) {
      templates[variant] = {
        small: templateFigures(synth[variant].small.assemblyDir, stackNameOf(variant)),
        large: templateFigures(synth[variant].large.assemblyDir, stackNameOf(variant)),
      };
    }

    // Figure 4: IAM inline policies.
    progress('figure 4: role inline-policy totals and the count that passes 10,240');
    const firstCountOverLimit = {} as Record<Variant, number | undefined>;
    for (const variant of VARIANTS) firstCountOverLimit[variant] = firstCountOverIamLimit(variant, s.large);
    const oursListsArnsUpTo = oursWildcardThreshold(s.large);
    // This library's largest role peaks just before its policy switches to the wildcard.
    const oursPeak =
      oursListsArnsUpTo !== undefined
        ? { count: oursListsArnsUpTo, chars: largestRoleChars('ours', oursListsArnsUpTo) }
        : undefined;

    // Figure 5: handler code and cold init.
    progress('figure 5: handler code size and cold module init');
    const handlers = await measureHandlers(
      { dir: synth.ours.small.assemblyDir, stackName: stackNameOf('ours') },
      { dir: synth.awscr.small.assemblyDir, stackName: stackNameOf('awscr') },
      s.initRuns,
    );

    // Figure 9: the diff of one frequency change.
    progress('figure 9: changed property on one frequency change');
    const diff = { ours: measureDiff('ours'), awscr: measureDiff('awscr') };

    // Figures 6-8: deploys through the local CloudFormation runner.
    let deploy: BenchResults['deploy'];
    if (s.skipDeploy) {
      deploy = { error: 'skipped (--skip-deploy)' };
    } else {
      try {
        deploy = await measureDeploys(s);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        progress(`deploy figures failed: ${message}`);
        deploy = { error: message.split('\n')[0] };
      }
    }

    const results: BenchResults = {
      machine,
      quick: s.quick,
      command: `npx tsx tools/bench/index.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
      synthRuns: s.synthRuns,
      initRuns: s.initRuns,
      counts: { small: s.small, large: s.large },
      synth,
      templates,
      defaultSynthErrors,
      iam: {
        largestAtLarge: { ours: templates.ours.large.largestRole, awscr: templates.awscr.large.largestRole },
        firstCountOverLimit,
        searchMax: s.large,
        oursListsArnsUpTo,
        oursPeak,
      },
      handlers,
      diff,
      deploy,
      totalSeconds: (Date.now() - started) / 1000,
      bundleChangedDuringRun: bundleChange(machine.handlerBundleHash),
    };
    process.stdout.write(
      `${renderConclusions(results)}\n\n${renderTable(results)}\n\n${renderNotes(results).join('\n\n')}\n`,
    );
    if (s.quick) {
      progress('--quick: docs/benchmarks.md left as it is');
    } else {
      progress(`wrote ${writeDocs(results, methodAndCaveats(results))}`);
    }
  } finally {
    assemblies.forEach(removeDir);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
