/**
 * Figures 2-4: template size and resource count, Lambda functions, and the inline-policy total of each IAM role
 * as IAM counts it (all inline policies of a role together, no whitespace), with the template's intrinsics
 * rendered with worst-case values. Also: at how many resources a role first passes IAM's 10,240 characters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IAM_ROLE_INLINE_LIMIT, RolePolicies, rolePolicies } from '../iam-policy-size';
import { BenchTemplate, synthTemplate, Variant } from './stacks';

export interface TemplateFigures {
  /** The template file as `cdk synth` writes it (indented JSON), bytes. */
  readonly bytes: number;
  /** The same template as compact JSON, bytes. */
  readonly compactBytes: number;
  readonly resources: number;
  readonly resourcesByType: Readonly<Record<string, number>>;
  readonly lambdaFunctions: number;
  readonly largestRole: RolePolicies;
}

export function readTemplate(assemblyDir: string, stackName: string): { template: BenchTemplate; bytes: number } {
  const file = path.join(assemblyDir, `${stackName}.template.json`);
  const text = fs.readFileSync(file, 'utf8');
  return { template: JSON.parse(text) as BenchTemplate, bytes: Buffer.byteLength(text) };
}

export function templateFigures(assemblyDir: string, stackName: string): TemplateFigures {
  const { template, bytes } = readTemplate(assemblyDir, stackName);
  const resourcesByType: Record<string, number> = {};
  for (const resource of Object.values(template.Resources)) {
    resourcesByType[resource.Type] = (resourcesByType[resource.Type] ?? 0) + 1;
  }
  return {
    bytes,
    compactBytes: Buffer.byteLength(JSON.stringify(template)),
    resources: Object.keys(template.Resources).length,
    resourcesByType,
    lambdaFunctions: resourcesByType['AWS::Lambda::Function'] ?? 0,
    largestRole: rolePolicies(template)[0],
  };
}

/** CDK's check of the 500-resource quota is raised in the IAM searches, which only look at the policies. */
const NO_RESOURCE_LIMIT = 100_000;

/** The largest role inline-policy total of the variant's stack with `count` resources (in-process synth). */
export function largestRoleChars(variant: Variant, count: number): number {
  return rolePolicies(synthTemplate(variant, { count, resourceLimit: NO_RESOURCE_LIMIT }))[0]?.totalChars ?? 0;
}

/**
 * The smallest resource count in 1..max at which the variant's largest role passes IAM's limit (binary search;
 * the total grows with the count), or `undefined` when even `max` stays within it.
 */
export function firstCountOverIamLimit(variant: Variant, max: number): number | undefined {
  if (largestRoleChars(variant, max) <= IAM_ROLE_INLINE_LIMIT) return undefined;
  let low = 1; // within the limit (checked below)
  let high = max; // over the limit
  if (largestRoleChars(variant, low) > IAM_ROLE_INLINE_LIMIT) return 1;
  for (let step = 0; step < 20 && high - low > 1; step++) {
    const middle = Math.floor((low + high) / 2);
    if (largestRoleChars(variant, middle) > IAM_ROLE_INLINE_LIMIT) high = middle;
    else low = middle;
  }
  return high;
}

/** The campaign count above which this library's policy switches from listing ARNs to a wildcard. */
export function oursWildcardThreshold(max: number): number | undefined {
  const listsArns = (count: number): boolean => {
    const template = synthTemplate('ours', { count, resourceLimit: NO_RESOURCE_LIMIT });
    return !JSON.stringify(template).includes('campaign/*');
  };
  if (listsArns(max)) return undefined;
  let low = 1;
  let high = max;
  for (let step = 0; step < 20 && high - low > 1; step++) {
    const middle = Math.floor((low + high) / 2);
    if (listsArns(middle)) low = middle;
    else high = middle;
  }
  return low;
}
