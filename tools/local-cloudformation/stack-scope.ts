/**
 * The intrinsics scope of a stack operation: pseudo parameters, the target's parameters and the resources as they
 * are now; and what the template's conditions and outputs resolve to in it.
 */
import { evaluateCondition, resolveValue, Scope } from './intrinsics';
import type { ResourceRecord, StackTarget } from './stack-records';
import type { Template, TemplateResource } from './template';

/** Where the stack is deployed. */
export interface StackEnvironment {
  readonly region: string;
  readonly accountId: string;
}

/** Intrinsics over the target's parameters and the resources as they are now. */
export function stackScope(
  environment: StackEnvironment,
  target: StackTarget,
  stackId: string,
  live: ReadonlyMap<string, ResourceRecord>,
): Scope {
  const { region, accountId } = environment;
  const pseudo: Record<string, unknown> = {
    'AWS::AccountId': accountId,
    'AWS::NotificationARNs': [],
    'AWS::Partition': 'aws',
    'AWS::Region': region,
    'AWS::StackId': stackId,
    'AWS::StackName': target.name,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const conditions = new Map<string, boolean>();
  const scope: Scope = {
    region,
    mappings: target.template.mappings,
    ref: (name) => {
      if (name in pseudo) return pseudo[name];
      if (name in target.template.parameters) {
        return parameterValue(target.template.parameters[name].type, target.parameters[name]);
      }
      const record = live.get(name);
      if (!record) throw new Error(`Ref: resource ${name} does not exist`);
      return record.physicalId;
    },
    getAtt: (logicalId, attribute) => {
      const record = live.get(logicalId);
      if (!record) throw new Error(`Fn::GetAtt: resource ${logicalId} does not exist`);
      if (!(attribute in record.attributes)) {
        throw new Error(`Fn::GetAtt: ${logicalId} (${record.type}) has no attribute ${attribute}`);
      }
      return record.attributes[attribute];
    },
    condition: (name) => {
      if (!conditions.has(name)) {
        if (!(name in target.template.conditions)) throw new Error(`unknown condition ${name}`);
        conditions.set(name, evaluateCondition(target.template.conditions[name], scope));
      }
      return conditions.get(name)!;
    },
  };
  return scope;
}

/** The resources whose Condition (if any) holds. */
export function activeResources(template: Template, scope: Scope): Map<string, TemplateResource> {
  const active = [...template.resources].filter(
    ([, resource]) => resource.condition === undefined || scope.condition(resource.condition),
  );
  const names = new Set(active.map(([logicalId]) => logicalId));
  return new Map(
    active.map(([logicalId, resource]) => [
      logicalId,
      { ...resource, dependencies: resource.dependencies.filter((dependency) => names.has(dependency)) },
    ]),
  );
}

/** The template's outputs whose Condition (if any) holds, as strings. */
export function stackOutputs(template: Template, scope: Scope): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template.outputs)
      .filter(([, output]) => output.condition === undefined || scope.condition(output.condition))
      .map(([name, output]) => [name, outputString(resolveValue(output.value, scope))]),
  );
}

function parameterValue(type: string, value: string | undefined): unknown {
  if (value === undefined) throw new Error('parameter without a value');
  return type === 'CommaDelimitedList' || type.startsWith('List<') ? value.split(',') : value;
}

function outputString(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
