/**
 * Figures 2-4: template size and resource count, Lambda functions, and the inline-policy total of each IAM role
 * as IAM counts it (all inline policies of a role together, no whitespace), with the template's intrinsics
 * rendered with worst-case values. Also: at how many resources a role first passes IAM's 10,240 characters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchTemplate, synthTemplate, Variant } from './stacks';

/** IAM's limit on the inline policies of one role, in characters (whitespace not counted). */
export const IAM_ROLE_INLINE_LIMIT = 10_240;

/** Longest plausible pseudo-parameter values, so that the sizes are upper bounds. */
const WORST_CASE_PSEUDO: Readonly<Partial<Record<string, string>>> = {
  'AWS::Partition': 'aws-us-gov',
  'AWS::Region': 'ap-southeast-5',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com.cn',
  'AWS::StackName': 'x'.repeat(128),
};
const LONGEST_NAME = 'x'.repeat(64);

type Resources = BenchTemplate['Resources'];

/** A physical id or ARN of the longest plausible length for a resource of the template. */
function renderRef(logicalId: string, resources: Resources): string {
  return WORST_CASE_PSEUDO[logicalId] ?? (logicalId in resources ? LONGEST_NAME : `ref-${logicalId}`);
}

function renderGetAtt(logicalId: string, resources: Resources): string {
  const type = (resources as Partial<Resources>)[logicalId]?.Type ?? '';
  const partition = 'aws-us-gov';
  const region = 'ap-southeast-5';
  const account = '123456789012';
  if (type === 'AWS::Lambda::Function') return `arn:${partition}:lambda:${region}:${account}:function:${LONGEST_NAME}`;
  if (type === 'AWS::IAM::Role') return `arn:${partition}:iam::${account}:role/${LONGEST_NAME}`;
  if (type === 'AWS::StepFunctions::StateMachine')
    return `arn:${partition}:states:${region}:${account}:stateMachine:${'x'.repeat(80)}`;
  return `arn:${partition}:service:${region}:${account}:${LONGEST_NAME}`;
}

/** Renders Ref, Fn::GetAtt, Fn::Join and Fn::Sub with worst-case values; leaves other values as they are. */
export function renderWorstCase(value: unknown, resources: Resources): unknown {
  if (Array.isArray(value)) return value.map((item) => renderWorstCase(item, resources));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const [key] = keys;
    const argument = object[key];
    if (key === 'Ref') return renderRef(argument as string, resources);
    if (key === 'Fn::GetAtt') {
      const target: unknown = Array.isArray(argument) ? (argument as unknown[])[0] : String(argument).split('.')[0];
      return renderGetAtt(String(target), resources);
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return (renderWorstCase(parts, resources) as unknown[]).map(String).join(separator);
    }
    if (key === 'Fn::Sub' && typeof argument === 'string') {
      return argument.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
        name.includes('.') ? renderGetAtt(name.split('.')[0], resources) : renderRef(name, resources),
      );
    }
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, renderWorstCase(v, resources)]));
}

export interface RolePolicies {
  readonly roleLogicalId: string;
  readonly policyCount: number;
  /** Characters of all the role's inline policy documents together, as IAM counts them. */
  readonly totalChars: number;
}

/** Each role's inline policies: the role's own `Policies` and every `AWS::IAM::Policy` that names it. */
export function rolePolicies(template: BenchTemplate): RolePolicies[] {
  const resources = template.Resources;
  const byRole = new Map<string, { count: number; chars: number }>();
  const add = (role: string, document: unknown): void => {
    const entry = byRole.get(role) ?? { count: 0, chars: 0 };
    entry.count += 1;
    entry.chars += JSON.stringify(renderWorstCase(document, resources)).length;
    byRole.set(role, entry);
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      byRole.set(logicalId, byRole.get(logicalId) ?? { count: 0, chars: 0 });
      const inline = (resource.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? [];
      for (const policy of inline) add(logicalId, policy.PolicyDocument);
    }
  }
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties?.Roles as unknown[] | undefined) ?? [];
    for (const role of roles) {
      const roleId =
        typeof role === 'object' && role !== null && 'Ref' in role ? (role as { Ref: string }).Ref : String(role);
      add(roleId, resource.Properties?.PolicyDocument);
    }
  }
  return [...byRole.entries()]
    .map(([roleLogicalId, { count, chars }]) => ({ roleLogicalId, policyCount: count, totalChars: chars }))
    .sort((a, b) => b.totalChars - a.totalChars);
}

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
