/**
 * What a run's figures show, in prose computed from them: which variant ends in which status, where a figure stands
 * against CloudFormation's and IAM's limits, how far a throttled run is from the ideal time. No sentence is written
 * for a particular run, so a run with other figures can never print a stale claim.
 */
import { IAM_ROLE_INLINE_LIMIT, RolePolicies } from '../iam-policy-size';
import { LIFECYCLE_CASE_LABELS, LifecycleCase } from './lifecycle-cases';
import type { ApiCallFigures, ThrottleFigures } from './measure-deploy';
import type { TemplateFigures } from './measure-template';
import type { BenchResults, DeployResults, PerVariant } from './results';
import { Variant, VARIANT_LABEL, VARIANTS } from './stacks';
import { fmt } from './util';

/** CloudFormation's limits: template body uploaded through S3, and resources per stack. */
export const TEMPLATE_MAX_BYTES = 1_000_000;
export const STACK_MAX_RESOURCES = 500;

/** Which of CloudFormation's limits a template is over (both false: it deploys as it is). */
export function templateOverLimits(figures: TemplateFigures): { readonly bytes: boolean; readonly resources: boolean } {
  return { bytes: figures.bytes > TEMPLATE_MAX_BYTES, resources: figures.resources > STACK_MAX_RESOURCES };
}

export function roleOverIamLimit(role: RolePolicies): boolean {
  return role.totalChars > IAM_ROLE_INLINE_LIMIT;
}

/** A throttled step's API phase as a multiple of the ideal time (N / rate), when the step ended in `complete`. */
export function idealTimeMultiple(
  step: { readonly status: string; readonly apiSeconds?: number },
  complete: string,
  idealSeconds: number,
): number | undefined {
  return step.status === complete && step.apiSeconds !== undefined ? step.apiSeconds / idealSeconds : undefined;
}

/** A case's API calls as the emulator saw them: `Operation (Error) ×count` each. */
function operationsOf(calls: Readonly<Record<string, number>>): string[] {
  return Object.entries(calls).map(([operation, count]) => `${operation} ×${count}`);
}

const code = (status: string): string => `\`${status}\``;

/** "A ends in X, B in Y", or "both end in X". */
function statuses(status: PerVariant<string>): string {
  if (status.ours === status.awscr) return `both end in ${code(status.ours)}`;
  return `${VARIANT_LABEL.ours} ends in ${code(status.ours)}, ${VARIANT_LABEL.awscr} in ${code(status.awscr)}`;
}

function perVariant<T>(get: (variant: Variant) => T): PerVariant<T> {
  return { ours: get('ours'), awscr: get('awscr') };
}

function lifecycleConclusion(deploy: DeployResults, which: LifecycleCase): string {
  const outcomes = deploy.lifecycle[which];
  const sentence = `${LIFECYCLE_CASE_LABELS[which]}: ${statuses(perVariant((v) => outcomes[v].status))}`;
  if (which !== 'badValue') return `${sentence}.`;
  const calls = VARIANTS.map((variant) => {
    const operations = operationsOf(outcomes[variant].calls);
    return `${VARIANT_LABEL[variant]} ${operations.length === 0 ? 'makes no API call' : `calls ${operations.join(', ')}`}`;
  });
  return `${sentence}; ${calls.join(', ')}.`;
}

function throttledCreate(figures: ThrottleFigures, label: string): string {
  const { create } = figures;
  const multiple = idealTimeMultiple(create, 'CREATE_COMPLETE', figures.idealSeconds);
  const time = multiple !== undefined ? `, its API phase ${fmt(multiple, 2)}× the ideal time` : '';
  const left = create.status === 'CREATE_COMPLETE' ? '' : `, ${create.overridesLeft} override(s) left behind`;
  return `${label} ends in ${code(create.status)} with ${create.applied}/${figures.count} applied${time}${left}`;
}

function throttledDelete(figures: ThrottleFigures, label: string): string {
  const destroyed = figures.delete;
  const multiple = idealTimeMultiple(destroyed, 'DELETE_COMPLETE', figures.idealSeconds);
  const time = multiple !== undefined ? `, its API phase ${fmt(multiple, 2)}× the ideal time` : '';
  return `${label} ends in ${code(destroyed.status)}${time}, ${destroyed.overridesLeft} override(s) left`;
}

function throttleConclusion(throttle: PerVariant<ThrottleFigures>): string[] {
  const { count, ratePerSecond, burst, idealSeconds } = throttle.ours;
  const setting = `${count} resources created at once, the API throttled to ${ratePerSecond} requests/s (burst ${burst}; ideal ${fmt(idealSeconds, 1)} s)`;
  return [
    `${setting}: ${VARIANTS.map((v) => throttledCreate(throttle[v], VARIANT_LABEL[v])).join('; ')}.`,
    `The stack then deleted under the same throttle: ${VARIANTS.map((v) => throttledDelete(throttle[v], VARIANT_LABEL[v])).join('; ')}.`,
  ];
}

function apiCallsConclusion(apiCalls: PerVariant<ApiCallFigures>): string {
  const counts = perVariant((v) => [apiCalls[v].create, apiCalls[v].update, apiCalls[v].delete].map((s) => s.calls));
  const text = (variant: Variant): string => counts[variant].join(' / ');
  const which =
    text('ours') === text('awscr')
      ? `both make ${text('ours')}`
      : `${VARIANT_LABEL.ours} makes ${text('ours')}, ${VARIANT_LABEL.awscr} ${text('awscr')}`;
  return `Connect API calls per create / update / delete of one resource: ${which}.`;
}

function iamConclusion(results: BenchResults): string {
  const { firstCountOverLimit, searchMax, oursListsArnsUpTo, oursPeak } = results.iam;
  const limit = `IAM's ${fmt(IAM_ROLE_INLINE_LIMIT)} characters`;
  const parts = VARIANTS.map((variant) => {
    const count = firstCountOverLimit[variant];
    const role = `${VARIANT_LABEL[variant]}'s largest role`;
    if (count !== undefined) return `${role} passes ${limit} at ${fmt(count)} resources`;
    const wildcard =
      variant === 'ours' && oursListsArnsUpTo !== undefined
        ? ` (it lists each campaign ARN up to ${fmt(oursListsArnsUpTo)} campaigns` +
          `${oursPeak ? `, ${fmt(oursPeak.chars)} characters at most` : ''}, then one wildcard)`
        : '';
    return `${role} stays within ${limit} up to ${fmt(searchMax)} resources${wildcard}`;
  });
  return `Inline policies: ${parts.join('; ')}.`;
}

function templateConclusion(results: BenchResults): string {
  const parts = VARIANTS.map((variant) => {
    const figures = results.templates[variant].large;
    const over = templateOverLimits(figures);
    const limits = [
      ...(over.resources ? [`${STACK_MAX_RESOURCES} resources per stack`] : []),
      ...(over.bytes ? [`${fmt(TEMPLATE_MAX_BYTES / 1e6)} MB per template`] : []),
    ];
    const verdict = limits.length
      ? `over CloudFormation's ${limits.join(' and ')}: it cannot be deployed as one stack`
      : "within CloudFormation's limits";
    return `${VARIANT_LABEL[variant]}'s template has ${fmt(figures.resources)} resources (${fmt(figures.bytes)} B), ${verdict}`;
  });
  return `At ${fmt(results.counts.large)} campaigns: ${parts.join('; ')}.`;
}

function diffConclusion(results: BenchResults): string {
  const parts = VARIANTS.map((variant) => {
    const chars = results.diff[variant].longestLeafChars;
    return `${VARIANT_LABEL[variant]}'s is ${fmt(chars)} character${chars === 1 ? '' : 's'} long`;
  });
  return `The longest value \`cdk diff\` shows changed when one frequency changes: ${parts.join(', ')}.`;
}

/** The conclusions of a run, one sentence (or two) per scenario, each computed from the run's figures. */
export function conclusions(results: BenchResults): string[] {
  const deploy = 'error' in results.deploy ? undefined : results.deploy;
  return [
    ...(deploy
      ? Object.keys(LIFECYCLE_CASE_LABELS).map((which) => lifecycleConclusion(deploy, which as LifecycleCase))
      : []),
    ...(deploy ? throttleConclusion(deploy.throttle) : []),
    ...(deploy ? [apiCallsConclusion(deploy.apiCalls)] : []),
    iamConclusion(results),
    templateConclusion(results),
    diffConclusion(results),
  ];
}
