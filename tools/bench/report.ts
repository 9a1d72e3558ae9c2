/** Turns a run's results into markdown: the table and notes (stdout), and docs/benchmarks.md. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IAM_ROLE_INLINE_LIMIT, RolePolicies } from '../iam-policy-size';
import {
  conclusions,
  idealTimeMultiple,
  roleOverIamLimit,
  STACK_MAX_RESOURCES,
  TEMPLATE_MAX_BYTES,
  templateOverLimits,
} from './conclusions';
import { LIFECYCLE_CASE_LABELS, LifecycleCase } from './lifecycle-cases';
import type { MachineInfo } from './machine';
import type { ApiCallFigures, LifecycleOutcome, ThrottleFigures } from './measure-deploy';
import type { DiffFigures } from './measure-diff';
import type { HandlerFigures } from './measure-handler';
import type { SynthMeasurement } from './measure-synth';
import type { TemplateFigures } from './measure-template';
import type { BenchResults, PerVariant } from './results';
import { Variant, VARIANT_LABEL } from './stacks';
import { fmt, ROOT } from './util';

const ms = (value: number): string => `${fmt(value)} ms`;
const seconds = (value: number): string => `${fmt(value, 1)} s`;

function synthCell(results: BenchResults, variant: Variant, size: 'small' | 'large'): string {
  const measured = results.synth[variant][size];
  const note = size === 'large' && results.defaultSynthErrors[variant] ? ' ¹' : '';
  return `${ms(measured.medianMs)}${note}`;
}

function templateCell(figures: TemplateFigures): string {
  const limits = templateOverLimits(figures);
  const over: string[] = [];
  if (limits.bytes)
    over.push(`over the ${fmt(TEMPLATE_MAX_BYTES / 1e6)} MB template limit; ${fmt(figures.compactBytes)} B unindented`);
  if (limits.resources) over.push(`over the ${STACK_MAX_RESOURCES}-resource limit`);
  return `${fmt(figures.bytes)} B, ${fmt(figures.resources)} resources${over.length ? ` (**${over.join('; ')}**)` : ''}`;
}

function roleCell(role: RolePolicies): string {
  const verdict = roleOverIamLimit(role) ? '**over the limit**' : 'within';
  return `${fmt(role.totalChars)} chars in ${role.policyCount} polic${role.policyCount === 1 ? 'y' : 'ies'} (${verdict})`;
}

function crossoverCell(results: BenchResults, variant: Variant): string {
  const count = results.iam.firstCountOverLimit[variant];
  if (count !== undefined) return `**${count}** resources`;
  const peak = results.iam.oursPeak;
  const wildcard =
    variant === 'ours' && results.iam.oursListsArnsUpTo !== undefined
      ? `; lists each campaign ARN up to ${results.iam.oursListsArnsUpTo} (peak ${peak ? fmt(peak.chars) : '?'} chars), ` +
        'then one `campaign/*` wildcard ³'
      : '';
  return `never (searched 1-${results.iam.searchMax})${wildcard}`;
}

function handlerCells(handlers: HandlerFigures): PerVariant<{ size: string; init: string }> {
  const framework = handlers.oursFramework;
  return {
    ours: {
      size:
        `${fmt(handlers.oursHandler.bytes)} B handler (SDK client bundled)` +
        (framework ? ` + ${fmt(framework.bytes)} B provider framework` : ''),
      init:
        `${ms(handlers.oursHandler.init.moduleMs)} handler` +
        (framework ? `; provider framework ${ms(framework.init.moduleMs)} ²` : ''),
    },
    awscr: {
      size: `${fmt(handlers.awscrHandler.bytes)} B (SDK client from the Lambda runtime)`,
      init: `${ms(handlers.awscrHandler.init.moduleMs)} module; ${ms(handlers.awscrHandler.init.withExtraMs)} with the SDK client's require`,
    },
  };
}

function apiCallsCell(figures: ApiCallFigures): string {
  const steps = [figures.create, figures.update, figures.delete];
  const counts = steps.map((step) => step.calls).join(' / ');
  const bad = steps.filter((step) => !/_COMPLETE$/.test(step.status) || /ROLLBACK/.test(step.status));
  return bad.length > 0 ? `${counts} (${steps.map((step) => step.status).join(', ')})` : counts;
}

function throttleCreateCell(figures: ThrottleFigures): string {
  const { create } = figures;
  const finished = create.status === 'CREATE_COMPLETE';
  const multiple = idealTimeMultiple(create, 'CREATE_COMPLETE', figures.idealSeconds);
  const api = multiple !== undefined ? `, API phase ${seconds(create.apiSeconds!)} = ${fmt(multiple, 2)}× ideal` : '';
  const time = finished ? `in ${seconds(create.seconds)}${api}` : `after ${seconds(create.seconds)}`;
  const left = finished ? '' : `; ${create.overridesLeft} override(s) left after the rollback`;
  return (
    `${create.status} ${time}; ${create.applied}/${figures.count} applied${left}; ` +
    `${fmt(create.throttledCalls)} of ${fmt(create.calls)} calls throttled`
  );
}

function throttleDeleteCell(figures: ThrottleFigures): string {
  const { delete: destroyed } = figures;
  const multiple = idealTimeMultiple(destroyed, 'DELETE_COMPLETE', figures.idealSeconds);
  const api =
    multiple !== undefined ? `, API phase ${seconds(destroyed.apiSeconds!)} = ${fmt(multiple, 2)}× ideal` : '';
  return `${destroyed.status} in ${seconds(destroyed.seconds)}${api}; ${destroyed.overridesLeft} override(s) left`;
}

function lifecycleCell(outcome: LifecycleOutcome, which: LifecycleCase): string {
  const stays = which.startsWith('delete') && !['none', 'campaign gone'].includes(outcome.overrideAfter);
  return `${outcome.status}${stays ? ' (the override stays on the campaign)' : ''}`;
}

function diffCell(diff: DiffFigures): string {
  return (
    `${fmt(diff.longestLeafChars)} char${diff.longestLeafChars === 1 ? '' : 's'} (\`${diff.longestLeafPath}\`; ` +
    `changed: ${diff.changedProperties.map((name) => `\`${name}\``).join(', ')}, whole property ${fmt(diff.longestPropertyChars)} chars)`
  );
}

/** The run's conclusions, as a markdown list. */
export function renderConclusions(results: BenchResults): string {
  return conclusions(results)
    .map((conclusion) => `- ${conclusion}`)
    .join('\n');
}

/** The table, as markdown. */
export function renderTable(results: BenchResults): string {
  const { small, large } = results.counts;
  const rows: [string, string, string, string][] = [];
  const add = (figure: string, label: string, ours: string, awscr: string): void => {
    rows.push([figure, label, ours, awscr]);
  };
  const both = (cell: (variant: Variant) => string): [string, string] => [cell('ours'), cell('awscr')];
  const synthLabel = `Synth time, ${small} resource (median of ${results.synthRuns}, fresh process)`;
  add('1', synthLabel, ...both((v) => synthCell(results, v, 'small')));
  add('1', `Synth time, ${large} resources`, ...both((v) => synthCell(results, v, 'large')));
  add('2', `Template, ${small} resource`, ...both((v) => templateCell(results.templates[v].small)));
  add('2', `Template, ${large} resources`, ...both((v) => templateCell(results.templates[v].large)));
  add('3', 'Lambda functions', ...both((v) => fmt(results.templates[v].large.lambdaFunctions)));
  const roleLabel = `Largest role's inline policies at ${large} (IAM limit ${fmt(IAM_ROLE_INLINE_LIMIT)})`;
  add('4', roleLabel, ...both((v) => roleCell(results.iam.largestAtLarge[v])));
  add('4', `Resources at which a role passes ${fmt(IAM_ROLE_INLINE_LIMIT)}`, ...both((v) => crossoverCell(results, v)));
  const handlers = handlerCells(results.handlers);
  add('5', 'Lambda code (asset bytes)', handlers.ours.size, handlers.awscr.size);
  add('5', `Cold module init (median of ${results.initRuns}, fresh process)`, handlers.ours.init, handlers.awscr.init);
  if ('error' in results.deploy) {
    add('6-8', 'Deploy figures (local runner)', `not measured: ${results.deploy.error}`, 'not measured');
  } else {
    const deploy = results.deploy;
    add('6', 'API calls per create / update / delete (1 resource)', ...both((v) => apiCallsCell(deploy.apiCalls[v])));
    const t = deploy.throttle.ours;
    const throttleLabel = `${t.count} resources created at ${t.ratePerSecond} req/s (burst ${t.burst}); ideal ${seconds(t.idealSeconds)}`;
    add('7', throttleLabel, ...both((v) => throttleCreateCell(deploy.throttle[v])));
    add('7', '… then the stack deleted (same throttle)', ...both((v) => throttleDeleteCell(deploy.throttle[v])));
    for (const [which, label] of Object.entries(LIFECYCLE_CASE_LABELS) as [LifecycleCase, string][]) {
      add('8', label, ...both((v) => lifecycleCell(deploy.lifecycle[which][v], which)));
    }
  }
  add('9', 'Longest changed value when one frequency changes', ...both((v) => diffCell(results.diff[v])));

  const header = `| # | Figure | ${VARIANT_LABEL.ours} (this library) | ${VARIANT_LABEL.awscr} (aws-cdk-lib ${results.machine.awsCdkLib}) |`;
  const divider = '|---|---|---|---|';
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  return [header, divider, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

/** Footnotes and caveats that depend on the figures. */
export function renderNotes(results: BenchResults): string[] {
  const notes: string[] = [];
  if (results.bundleChangedDuringRun) {
    notes.push(`**Warning: ${results.bundleChangedDuringRun}; run the benchmark again.**`);
  }
  const split = (['ours', 'awscr'] as const).map((variant) => {
    const { small, large } = results.synth[variant];
    const parts = (m: SynthMeasurement): string => `${m.samplesMs.map((sample) => fmt(sample)).join(', ')} ms`;
    return `${VARIANT_LABEL[variant]}: ${results.counts.small} → ${parts(small)}; ${results.counts.large} → ${parts(large)}`;
  });
  notes.push(`Synth samples (construct tree + \`app.synth()\`, each a fresh process): ${split.join('. ')}.`);
  for (const variant of ['ours', 'awscr'] as const) {
    const error = results.defaultSynthErrors[variant];
    if (!error) continue;
    const undeployable = templateOverLimits(results.templates[variant].large).resources
      ? ` such a stack cannot be deployed (CloudFormation allows ${STACK_MAX_RESOURCES} resources per stack).`
      : '';
    notes.push(
      `¹ ${VARIANT_LABEL[variant]} at ${results.counts.large}: ${error}. ` +
        `Its synth time and template size were measured with \`@aws-cdk/core:stackResourceLimit\` raised;${undeployable}`,
    );
  }
  if (results.handlers.oursFramework) {
    notes.push(
      '² The provider framework loads `@aws-sdk/client-lambda` and `@aws-sdk/client-sfn` at module load; ' +
        'client-sfn is not installed here and was replaced by an empty stub, so this is a lower bound.',
    );
  }
  if (results.iam.oursPeak) {
    const both = 2 * results.iam.oursPeak.chars;
    notes.push(
      `³ When an update changes the set of campaigns, CloudFormation attaches ${VARIANT_LABEL.ours}'s new policy ` +
        'before it deletes the old one, so for a moment the handler role holds both: at most about twice the peak, ' +
        `${fmt(both)} chars, ${both > IAM_ROLE_INLINE_LIMIT ? '**over**' : 'still under'} ${fmt(IAM_ROLE_INLINE_LIMIT)}.`,
    );
  }
  if (!('error' in results.deploy)) {
    const deploy = results.deploy;
    const details: string[] = [];
    for (const variant of ['ours', 'awscr'] as const) {
      for (const [which, label] of Object.entries(LIFECYCLE_CASE_LABELS) as [LifecycleCase, string][]) {
        const outcome = deploy.lifecycle[which][variant];
        const calls = Object.entries(outcome.calls)
          .map(([operation, count]) => `${operation} ×${count}`)
          .join(', ');
        details.push(
          `  - ${VARIANT_LABEL[variant]} — ${label}: ${outcome.status}; API calls: ${calls || 'none'}; ` +
            `override afterwards: ${outcome.overrideAfter}` +
            (outcome.failures.length ? `; failed events: ${outcome.failures.map((f) => `“${f}”`).join(', ')}` : ''),
        );
      }
      const throttle = deploy.throttle[variant];
      if (throttle.create.reason)
        details.push(`  - ${VARIANT_LABEL[variant]} — throttled create: first failure “${throttle.create.reason}”`);
      if (throttle.delete.reason)
        details.push(`  - ${VARIANT_LABEL[variant]} — throttled delete: first failure “${throttle.delete.reason}”`);
    }
    const badValue = deploy.lifecycle.badValue;
    if ('DeleteCampaignCommunicationLimits' in badValue.awscr.calls) {
      const ours =
        Object.keys(badValue.ours.calls).length === 0
          ? `${VARIANT_LABEL.ours} fails before any call, and the provider framework answers the rollback Delete of a ` +
            'failed create itself.'
          : '';
      notes.push(
        `In the frequency-31 case, ${VARIANT_LABEL.awscr}'s failed create is followed by CloudFormation's rollback ` +
          'Delete, which its handler turns into a successful DeleteCampaignCommunicationLimits: an override the campaign ' +
          `had before the stack (set in the console, say) would be removed. ${ours}`.trimEnd(),
      );
    }
    notes.push(
      `Lifecycle details (operation status, API calls seen by the emulator, failed resource events):\n${details.join('\n')}`,
    );
  }
  return notes;
}

function machineLines(machine: MachineInfo): string[] {
  return [
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.platform}`,
    `- Node.js ${machine.node}; aws-cdk-lib ${machine.awsCdkLib}; @aws-sdk/client-connectcampaignsv2 ${machine.connectCampaignsClient}`,
    `- Source: commit ${machine.commit}` +
      (machine.uncommitted.length ? ` plus uncommitted changes in ${machine.uncommitted.join(', ')}` : '') +
      `; handler bundle sha256 ${machine.handlerBundleHash}…`,
  ];
}

/** Writes docs/benchmarks.md: the run's table and notes, plus the fixed method and caveats text. */
export function writeDocs(results: BenchResults, methodAndCaveats: string): string {
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = [
    '# Benchmarks: CampaignCommunicationLimits vs AwsCustomResource',
    '',
    'Generated by `npm run bench` (`npx tsx tools/bench/index.ts`); do not edit by hand, run it again.',
    ...(results.quick
      ? ['', '**This is a `--quick` smoke run: small counts, single samples. Not representative.**']
      : []),
    '',
    ...machineLines(results.machine),
    `- Command: \`${results.command}\` (total ${fmt(results.totalSeconds)} s)`,
    '',
    '## Conclusions',
    '',
    renderConclusions(results),
    '',
    '## Results',
    '',
    renderTable(results),
    '',
    ...renderNotes(results).flatMap((note) => [note, '']),
    methodAndCaveats.trim(),
    '',
  ].join('\n');
  fs.writeFileSync(file, text);
  return file;
}
