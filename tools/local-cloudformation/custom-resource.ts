/**
 * The custom resource protocol, CloudFormation's side: build the request, invoke the ServiceToken function
 * asynchronously, and wait for the response it PUTs to the ResponseURL.
 */
import { randomUUID } from 'node:crypto';
import { isObject, textOf } from './intrinsics';
import type { LambdaHost } from './lambda-host';
import type { ResponseServer } from './response-server';

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface CustomResourceRequest {
  readonly requestType: RequestType;
  readonly stackId: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Resolved from the template; stringified before they are sent. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Update only: the properties the resource has now, as they were sent (already strings). */
  readonly oldProperties?: Readonly<Record<string, unknown>>;
  /** Update and Delete. */
  readonly physicalId?: string;
}

/** How a resource action ended, for any kind of resource. */
export type ActionResult =
  | {
      readonly ok: true;
      readonly physicalId: string;
      readonly attributes: Readonly<Record<string, unknown>>;
      /** The properties as the resource received them. */
      readonly properties: Readonly<Record<string, unknown>>;
    }
  | { readonly ok: false; readonly reason: string; readonly physicalId?: string };

/**
 * CloudFormation's limit on a response object (status, reason, physical id, data): a longer one is refused with
 * "Response object is too long." and the reason it carried is lost (aws/aws-cdk#28498; custom resource response
 * objects in the CloudFormation user guide).
 */
export const MAX_RESPONSE_BYTES = 4096;
/** CloudFormation's default `ServiceTimeout`, in seconds. */
const DEFAULT_SERVICE_TIMEOUT = 3600;

/**
 * Stringifies every number and boolean, at any depth, as CloudFormation does to a custom resource's properties.
 */
export function stringifyProperties(properties: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return stringifyValue(properties) as Record<string, unknown>;
}

function stringifyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyValue);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringifyValue(item)]));
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

export function isCustomResourceType(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::');
}

export class CustomResourceDriver {
  constructor(
    private readonly lambdas: LambdaHost,
    private readonly responses: ResponseServer,
  ) {}

  /** Sends one request and waits for its response (or for the function to end without one). */
  public async send(request: CustomResourceRequest): Promise<ActionResult> {
    const properties = stringifyProperties(request.properties);
    const serviceToken = properties.ServiceToken;
    if (typeof serviceToken !== 'string' || !this.lambdas.find(serviceToken)) {
      return {
        ok: false,
        reason: `ServiceToken ${JSON.stringify(serviceToken)} is not a Lambda function of this stack runner`,
      };
    }
    if (request.requestType === 'Update' && request.oldProperties?.ServiceToken !== serviceToken) {
      return { ok: false, reason: 'Modifying service token is not allowed.' };
    }
    const requestId = randomUUID();
    const event = {
      RequestType: request.requestType,
      ServiceToken: serviceToken,
      ResponseURL: this.responses.responseUrl(request.stackId, request.logicalId, requestId),
      StackId: request.stackId,
      RequestId: requestId,
      LogicalResourceId: request.logicalId,
      ...(request.physicalId !== undefined ? { PhysicalResourceId: request.physicalId } : {}),
      ResourceType: request.resourceType,
      ResourceProperties: properties,
      ...(request.requestType === 'Update' ? { OldResourceProperties: request.oldProperties } : {}),
    };
    const outcome = await this.exchange(serviceToken, requestId, JSON.stringify(event), serviceTimeoutOf(properties));
    return 'body' in outcome ? parseResponse(outcome.body, properties) : { ok: false, reason: outcome.reason };
  }

  /** The response body, or why none came: the function ended without one, or ServiceTimeout passed. */
  private async exchange(
    serviceToken: string,
    requestId: string,
    event: string,
    timeoutSeconds: number,
  ): Promise<{ body: string } | { reason: string }> {
    const response = this.responses.expect(requestId).then((body) => ({ body }));
    // CloudFormation invokes the function asynchronously; its result only matters if no response came.
    const ended = this.lambdas.invoke(serviceToken, event).then(
      (result) => ({ reason: endedWithoutResponse(result.functionError ? result.payload : undefined) }),
      (error: unknown) => ({ reason: endedWithoutResponse(String(error)) }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<{ reason: string }>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            reason: `CloudFormation did not receive a response from the custom resource within ${timeoutSeconds} s (ServiceTimeout)`,
          }),
        timeoutSeconds * 1000,
      );
    });
    try {
      return await Promise.race([response, ended, timedOut]);
    } finally {
      clearTimeout(timer);
      this.responses.forget(requestId);
    }
  }
}

function serviceTimeoutOf(properties: Readonly<Record<string, unknown>>): number {
  const seconds = Number(properties.ServiceTimeout ?? DEFAULT_SERVICE_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_SERVICE_TIMEOUT;
}

/**
 * CloudFormation would wait for ServiceTimeout; the runner fails at once, as nothing can answer any more.
 */
function endedWithoutResponse(error: string | undefined): string {
  return `the custom resource function ended without sending a response${error ? `; it failed with ${error}` : ''}`;
}

/** Validates a response as CloudFormation does, and turns it into the action's result. */
function parseResponse(body: string, properties: Readonly<Record<string, unknown>>): ActionResult {
  if (Buffer.byteLength(body, 'utf8') > MAX_RESPONSE_BYTES)
    return { ok: false, reason: 'Response object is too long.' };
  let response: unknown;
  try {
    response = JSON.parse(body);
  } catch {
    return { ok: false, reason: `Response is not valid JSON: ${body.slice(0, 200)}` };
  }
  if (!isObject(response)) return { ok: false, reason: 'Response is not a JSON object' };
  const physicalId = typeof response.PhysicalResourceId === 'string' ? response.PhysicalResourceId : undefined;
  if (response.Status === 'FAILED') return { ok: false, reason: textOf(response.Reason ?? ''), physicalId };
  if (response.Status !== 'SUCCESS')
    return { ok: false, reason: `Invalid response status ${JSON.stringify(response.Status)}` };
  if (!physicalId) return { ok: false, reason: 'Invalid PhysicalResourceId' };
  if (response.Data !== undefined && !isObject(response.Data))
    return { ok: false, reason: 'Invalid Data: not an object' };
  return { ok: true, physicalId, attributes: response.Data ?? {}, properties };
}
