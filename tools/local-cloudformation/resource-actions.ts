/** Sends resource actions: a custom resource's request to its ServiceToken function, or a call to a model. */
import { ActionResult, CustomResourceDriver, isCustomResourceType, stringifyProperties } from './custom-resource';
import type { ResourceRecord } from './stack-records';
import type { ResourceModel } from './types';

/** The stack the actions are sent for, as requests name it. */
export interface ActionStack {
  readonly stackId: string;
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
}

export class ResourceActions {
  constructor(
    private readonly stack: ActionStack,
    private readonly customResources: CustomResourceDriver,
    private readonly models: Readonly<Partial<Record<string, ResourceModel>>>,
  ) {}

  /** The name of the stack the actions are sent for. */
  public get stackName(): string {
    return this.stack.stackName;
  }

  /** The properties in the form the resource receives them. */
  public delivered(type: string, resolved: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return isCustomResourceType(type) ? stringifyProperties(resolved) : { ...resolved };
  }

  /** Whether a property change is sent as an Update (else it is a replacement: a create, then a delete). */
  public updatesInPlace(type: string): boolean {
    return isCustomResourceType(type) || this.models[type]?.update !== undefined;
  }

  public create(logicalId: string, type: string, properties: Record<string, unknown>): Promise<ActionResult> {
    if (isCustomResourceType(type)) {
      return this.customResources.send({
        ...this.requestBase(logicalId, type),
        requestType: 'Create',
        properties,
      });
    }
    return this.callModel(type, properties, (model) => model.create(this.modelRequest(logicalId, type, properties)));
  }

  public update(current: ResourceRecord, properties: Record<string, unknown>): Promise<ActionResult> {
    const { logicalId, type, physicalId } = current;
    if (isCustomResourceType(type)) {
      return this.customResources.send({
        ...this.requestBase(logicalId, type),
        requestType: 'Update',
        properties,
        oldProperties: current.properties,
        physicalId,
      });
    }
    const request = { ...this.modelRequest(logicalId, type, properties), physicalId, oldProperties: current.resolved };
    return this.callModel(type, properties, (model) => (model.update ? model.update(request) : model.create(request)));
  }

  public async delete(record: ResourceRecord): Promise<ActionResult> {
    const { logicalId, type, physicalId } = record;
    if (isCustomResourceType(type)) {
      return this.customResources.send({
        ...this.requestBase(logicalId, type),
        requestType: 'Delete',
        properties: record.resolved,
        physicalId,
      });
    }
    const request = { ...this.modelRequest(logicalId, type, record.resolved), physicalId };
    return this.callModel(type, record.resolved, async (model) => {
      await model.delete(request);
      return { physicalId };
    });
  }

  private requestBase(logicalId: string, resourceType: string) {
    return { stackId: this.stack.stackId, logicalId, resourceType };
  }

  private modelRequest(logicalId: string, resourceType: string, properties: Record<string, unknown>) {
    const { stackName, region, accountId } = this.stack;
    return { logicalId, resourceType, stackName, region, accountId, properties };
  }

  private async callModel(
    type: string,
    properties: Record<string, unknown>,
    call: (model: ResourceModel) => ReturnType<ResourceModel['create']>,
  ): Promise<ActionResult> {
    try {
      const { physicalId, attributes } = await call(this.models[type]!);
      return { ok: true, physicalId, attributes: attributes ?? {}, properties: { ...properties } };
    } catch (error) {
      return { ok: false, reason: failureReason(error) };
    }
  }
}

/** An action's failure reason, from what was thrown. */
export function failureReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
