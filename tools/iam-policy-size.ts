/**
 * The size of each IAM role's inline policies as IAM counts them (all inline policies of a role together, no
 * whitespace), with the template's intrinsics rendered with worst-case values. Used by the benchmark and by the
 * construct's permission tests, so it sits beside both (tooling), not in either.
 */

/** IAM's limit on the inline policies of one role, in characters (whitespace not counted). */
export const IAM_ROLE_INLINE_LIMIT = 10_240;

/** Longest plausible pseudo-parameter values, so that the sizes are upper bounds. */
const WORST_CASE_PSEUDO: Readonly<Partial<Record<string, string>>> = {
  'AWS::Partition': 'aws-us-gov',
  'AWS::Region': 'ap-southeast-5',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com.cn',
  'AWS::StackName': 'x'.repeat(128),
  'AWS::StackId': `arn:aws-us-gov:cloudformation:ap-southeast-5:123456789012:stack/${'x'.repeat(128)}/${'0'.repeat(36)}`,
};
const LONGEST_NAME = 'x'.repeat(64);

/** The part of a CloudFormation template that policy sizes are computed from. */
export interface PolicyTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;
}

type Resources = PolicyTemplate['Resources'];

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
export function rolePolicies(template: PolicyTemplate): RolePolicies[] {
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
