/** What the engine keeps of a stack and its resources between operations, and what an operation deploys. */
import type { CloudAssembly } from './assembly';
import type { Template, TemplateResource } from './template';
import type { OperationResult, StackStatus } from './types';

/** A resource as the stack holds it. */
export interface ResourceRecord {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** The properties resolved from the template: what changes are detected on, and what a rollback restores. */
  readonly resolved: Readonly<Record<string, unknown>>;
  /** The properties as the resource received them (stringified for a custom resource). */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The resources it depended on in the template that last created or updated it: deletes go in reverse. */
  readonly dependencies: readonly string[];
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

export type ResourceMap = Map<string, ResourceRecord>;

export interface StackRecord {
  readonly name: string;
  readonly id: string;
  readonly status: StackStatus;
  /** Where the code of the stack's functions is: what its resources are updated and deleted with. */
  readonly assembly: CloudAssembly;
  readonly parameters: Readonly<Record<string, string>>;
  readonly resources: ReadonlyMap<string, ResourceRecord>;
  readonly outputs: Readonly<Record<string, string>>;
}

/** What a stack operation deploys. */
export interface StackTarget {
  readonly name: string;
  readonly template: Template;
  readonly assembly: CloudAssembly;
  /** Values for every parameter of the template (defaults already applied). */
  readonly parameters: Readonly<Record<string, string>>;
}

/** The outcome of an operation: the stack as it is now (undefined once deleted) and the report. */
export interface EngineOutcome {
  readonly stack?: StackRecord;
  readonly result: OperationResult;
}

/** The stack an operation on `target` leaves: the target's assembly and parameters, with these resources. */
export function stackRecord(
  target: StackTarget,
  id: string,
  status: StackStatus,
  resources: ReadonlyMap<string, ResourceRecord>,
  outputs: Readonly<Record<string, string>>,
): StackRecord {
  const { name, assembly, parameters } = target;
  return { name, id, status, assembly, parameters, resources, outputs };
}

/** The fields of a resource's record that come from its template entry. */
export function templateFields(
  resource: TemplateResource,
): Pick<ResourceRecord, 'logicalId' | 'type' | 'dependencies' | 'deletionPolicy' | 'updateReplacePolicy'> {
  const { logicalId, type, dependencies, deletionPolicy, updateReplacePolicy } = resource;
  return { logicalId, type, dependencies, deletionPolicy, updateReplacePolicy };
}
