/** A CloudFormation template: its parts, the dependencies between its resources, and its static validation. */
import { isObject, referencesOf, textOf } from './intrinsics';

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

export interface ParameterDeclaration {
  readonly type: string;
  readonly default?: string;
}

export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Resources that must exist first: `DependsOn` plus every `Ref`, `Fn::GetAtt` and `Fn::Sub` reference. */
  readonly dependencies: readonly string[];
  readonly condition?: string;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface TemplateOutput {
  readonly value: unknown;
  readonly condition?: string;
}

export interface Template {
  readonly parameters: Readonly<Record<string, ParameterDeclaration>>;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, unknown>>;
  readonly resources: ReadonlyMap<string, TemplateResource>;
  readonly outputs: Readonly<Record<string, TemplateOutput>>;
}

/** A template CloudFormation would reject before starting any operation. The stack is left as it was. */
export class TemplateValidationError extends Error {
  public override readonly name = 'TemplateValidationError';
  constructor(public readonly problems: readonly string[]) {
    super(`Template format error:\n- ${problems.join('\n- ')}`);
  }
}

/** Parses and statically validates a template (references, `DependsOn`, circular dependencies). */
export function parseTemplate(json: unknown): Template {
  if (!isObject(json) || !isObject(json.Resources))
    throw new TemplateValidationError(['the template has no Resources']);
  const problems: string[] = [];
  if (json.Transform !== undefined) problems.push('transforms (Transform) are not supported by the local runner');
  const declarations = Object.entries(json.Resources);
  const resourceNames = new Set(declarations.map(([logicalId]) => logicalId));
  const resources = new Map<string, TemplateResource>();
  for (const [logicalId, declaration] of declarations) {
    if (!isObject(declaration) || typeof declaration.Type !== 'string') {
      problems.push(`resource ${logicalId} has no Type`);
      continue;
    }
    resources.set(logicalId, parseResource(logicalId, declaration, resourceNames));
  }
  const template: Template = {
    parameters: parseParameters(json.Parameters),
    conditions: objectOrEmpty(json.Conditions),
    mappings: objectOrEmpty(json.Mappings),
    resources,
    outputs: parseOutputs(json.Outputs),
  };
  for (const [logicalId, declaration] of declarations) {
    problems.push(...referenceProblems(logicalId, objectOrEmpty(declaration), template));
  }
  problems.push(...cycleProblems(resources));
  if (problems.length > 0) throw new TemplateValidationError(problems);
  return template;
}

function parseParameters(value: unknown): Record<string, ParameterDeclaration> {
  return Object.fromEntries(
    Object.entries(objectOrEmpty(value)).map(([name, declaration]) => {
      const fields = objectOrEmpty(declaration);
      return [name, { type: textOf(fields.Type ?? 'String'), default: optionalString(fields.Default) }];
    }),
  );
}

function parseResource(
  logicalId: string,
  declaration: Record<string, unknown>,
  resourceNames: ReadonlySet<string>,
): TemplateResource {
  const properties = objectOrEmpty(declaration.Properties);
  const { refs, getAtts } = referencesOf(properties);
  const dependencies = [...dependsOnOf(declaration), ...refs, ...getAtts].filter((name) => resourceNames.has(name));
  return {
    logicalId,
    type: String(declaration.Type),
    properties,
    dependencies: [...new Set(dependencies)],
    condition: optionalString(declaration.Condition),
    deletionPolicy: optionalString(declaration.DeletionPolicy),
    updateReplacePolicy: optionalString(declaration.UpdateReplacePolicy),
    metadata: objectOrEmpty(declaration.Metadata),
  };
}

function parseOutputs(value: unknown): Record<string, TemplateOutput> {
  return Object.fromEntries(
    Object.entries(objectOrEmpty(value)).map(([name, declaration]) => {
      const fields = objectOrEmpty(declaration);
      return [name, { value: fields.Value, condition: optionalString(fields.Condition) }];
    }),
  );
}

/** Every reference names a parameter, pseudo parameter, resource or condition of the template. */
function referenceProblems(logicalId: string, declaration: Record<string, unknown>, template: Template): string[] {
  const problems: string[] = [];
  const isResource = (name: string) => template.resources.has(name);
  const isParameter = (name: string) =>
    name in template.parameters || (PSEUDO_PARAMETERS as readonly string[]).includes(name);
  const { refs, getAtts } = referencesOf(objectOrEmpty(declaration.Properties));
  for (const name of refs) {
    if (!isParameter(name) && !isResource(name)) problems.push(`${logicalId}: Ref to unknown ${name}`);
  }
  for (const name of getAtts) {
    if (!isResource(name)) problems.push(`${logicalId}: Fn::GetAtt of unknown resource ${name}`);
  }
  for (const name of dependsOnOf(declaration)) {
    if (!isResource(name)) problems.push(`${logicalId}: DependsOn unknown resource ${name}`);
  }
  const condition = optionalString(declaration.Condition);
  if (condition !== undefined && !(condition in template.conditions)) {
    problems.push(`${logicalId}: unknown Condition ${condition}`);
  }
  return problems;
}

function dependsOnOf(declaration: Record<string, unknown>): string[] {
  return declaration.DependsOn === undefined ? [] : ([] as unknown[]).concat(declaration.DependsOn).map(String);
}

function cycleProblems(resources: ReadonlyMap<string, TemplateResource>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (logicalId: string, path: string[]): void => {
    if (state.get(logicalId) === 'done') return;
    if (state.get(logicalId) === 'visiting') {
      cycles.push(`circular dependency: ${[...path.slice(path.indexOf(logicalId)), logicalId].join(' -> ')}`);
      return;
    }
    state.set(logicalId, 'visiting');
    for (const dependency of resources.get(logicalId)?.dependencies ?? []) visit(dependency, [...path, logicalId]);
    state.set(logicalId, 'done');
  };
  for (const logicalId of resources.keys()) visit(logicalId, []);
  return cycles;
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function optionalString(value: unknown): string | undefined {
  return value === undefined ? undefined : textOf(value);
}
