/**
 * A loopback endpoint of the CloudFormation API (awsQuery: form-encoded POST, XML answers) serving what a custom
 * resource handler reads about its own stack: DescribeStacks and ListStackResources, in the service's XML, from
 * whatever `source` returns at the moment of the call; and GetTemplate, which the drift check reads. Usable on its own with a fixed list of stacks.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { LoopbackServer, readBody } from './loopback-http';
import {
  accessDeniedMessage,
  accessKeyIdOf,
  AuthorizationDecision,
  AuthorizationRequest,
  partitionOf,
  signingRegionOf,
} from './iam';
import type { LiveResource, LiveStack } from './types';

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
/** ListStackResources (and DescribeStacks) answer at most this many members, then a NextToken. */
export const PAGE_SIZE = 100;

/** The stacks to serve, read at every call: deleted ones (DELETE_COMPLETE) are found by their stack id only. */
export type StackSource = () => Iterable<LiveStack>;

/** An error answered as `<ErrorResponse>`: `Sender` errors are HTTP 400. */
class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
  }
}

export interface CloudFormationApiOptions {
  /**
   * Decides whether a caller (the access key id of its SigV4 signature) may call `cloudformation:DescribeStacks` or
   * `cloudformation:ListStackResources` on the stack (its stack id; `*` for DescribeStacks of all stacks). A denied
   * call is answered `AccessDenied` (HTTP 403). Default: every call is allowed.
   */
  readonly authorize?: (request: AuthorizationRequest) => AuthorizationDecision;
  /** The account of the ARN asked about for a stack name that does not exist. Default `123456789012`. */
  readonly accountId?: string;
  /** Its region when the signature names none. Default `us-east-1`. */
  readonly region?: string;
}

/** A call the API answered: its action and when (epoch milliseconds). */
export interface CloudFormationCall {
  readonly action: string;
  readonly at: number;
}

export class CloudFormationApi {
  public static async start(source: StackSource, options: CloudFormationApiOptions = {}): Promise<CloudFormationApi> {
    const calls: CloudFormationCall[] = [];
    return new CloudFormationApi(
      await LoopbackServer.start((request, response) => void respond(source, options, request, response, calls)),
      calls,
    );
  }

  private constructor(
    private readonly server: LoopbackServer,
    /** Every call answered, in order (for the benchmark's count of the handler's reads). */
    public readonly calls: CloudFormationCall[],
  ) {}

  public resetCalls(): void {
    this.calls.length = 0;
  }

  /** The endpoint URL, for `AWS_ENDPOINT_URL_CLOUDFORMATION` (or a client's `endpoint`). */
  public get url(): string {
    return this.server.url;
  }

  public close(): Promise<void> {
    return this.server.close();
  }
}

async function respond(
  source: StackSource,
  options: CloudFormationApiOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  calls: CloudFormationCall[],
) {
  const requestId = randomUUID();
  try {
    const body = await readBody(request);
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const parameters = new URLSearchParams([...query, ...new URLSearchParams(body)]);
    const action = parameters.get('Action') ?? '';
    calls.push({ action, at: Date.now() });
    const stacks = [...source()];
    if (options.authorize && AUTHORIZED_ACTIONS.has(action)) {
      const authorization = request.headers.authorization;
      const stackName = parameters.get('StackName') ?? undefined;
      const question: AuthorizationRequest = {
        accessKeyId: accessKeyIdOf(authorization),
        action: `cloudformation:${action}`,
        resource: stackResource(stacks, stackName, {
          region: signingRegionOf(authorization) ?? options.region ?? 'us-east-1',
          accountId: options.accountId ?? '123456789012',
        }),
      };
      const decision = options.authorize(question);
      if (!decision.allowed) throw new ApiError('AccessDenied', accessDeniedMessage(question, decision), 403);
    }
    const result = answer(action, parameters, stacks);
    send(response, 200, requestId, root(`${action}Response`, result + metadata(requestId)));
  } catch (error) {
    const { code, message, status } =
      error instanceof ApiError ? error : new ApiError('InternalFailure', String(error), 500);
    const type = status < 500 ? 'Sender' : 'Receiver';
    const detail = element('Type', type) + element('Code', code) + element('Message', text(message));
    send(response, status, requestId, root('ErrorResponse', element('Error', detail) + requestIdOf(requestId)));
  }
}

/** The actions whose caller is authorized (the others are answered InvalidAction). */
const AUTHORIZED_ACTIONS = new Set(['DescribeStacks', 'ListStackResources', 'DescribeStackResource', 'GetTemplate']);

/**
 * The resource IAM authorizes a call on: the stack's id; for a name that names no stack,
 * `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/*`; `*` when no stack is named.
 */
function stackResource(
  stacks: readonly LiveStack[],
  stackName: string | undefined,
  where: { readonly region: string; readonly accountId: string },
): string {
  if (stackName === undefined) return '*';
  if (stackName.startsWith('arn:')) return stackName;
  const found = stacks.find((stack) => stack.stackName === stackName && !isDeleted(stack));
  return (
    found?.stackId ??
    `arn:${partitionOf(where.region)}:cloudformation:${where.region}:${where.accountId}:stack/${stackName}/*`
  );
}

/** The `<Action>Result` element of a call. */
function answer(action: string, parameters: URLSearchParams, stacks: readonly LiveStack[]): string {
  const stackName = parameters.get('StackName') ?? undefined;
  const nextToken = parameters.get('NextToken') ?? undefined;
  switch (action) {
    case 'DescribeStacks': {
      const found =
        stackName === undefined ? stacks.filter((stack) => !isDeleted(stack)) : [findStack(stacks, stackName)];
      const page = paginate(found, nextToken, `DescribeStacks|${stackName ?? ''}`);
      return element('DescribeStacksResult', element('Stacks', members(page.items, stackXml)) + page.token);
    }
    case 'ListStackResources': {
      if (stackName === undefined) throw validation("Value null at 'stackName' failed to satisfy constraint");
      const stack = findStack(stacks, stackName);
      const sorted = [...stack.resources].sort((a, b) => compare(a.logicalId, b.logicalId));
      const page = paginate(sorted, nextToken, `ListStackResources|${stack.stackId}`);
      return element(
        'ListStackResourcesResult',
        element('StackResourceSummaries', members(page.items, resourceXml)) + page.token,
      );
    }
    case 'DescribeStackResource': {
      // CloudFormation API reference, DescribeStackResource: one resource of a stack (StackName and
      // LogicalResourceId required), as a StackResourceDetail; an unknown logical id is a ValidationError.
      if (stackName === undefined) throw validation("Value null at 'stackName' failed to satisfy constraint");
      const logicalId = parameters.get('LogicalResourceId') ?? '';
      const stack = findStack(stacks, stackName);
      const resource = stack.resources.find((candidate) => candidate.logicalId === logicalId);
      if (!resource) throw validation(`Resource ${logicalId} does not exist for stack ${stackName}`);
      return element('DescribeStackResourceResult', element('StackResourceDetail', resourceXml(resource)));
    }
    case 'GetTemplate': {
      // CloudFormation API reference, GetTemplate: the template body of a stack (by name or id, deleted stacks by id
      // for 90 days); TemplateStage `Original` (the default) is the template as submitted. A stack that has no
      // completed operation yet is answered as one that does not exist.
      if (stackName === undefined) throw validation("Value null at 'stackName' failed to satisfy constraint");
      const stack = findStack(stacks, stackName);
      if (stack.template === undefined) throw validation(`Stack with id ${stackName} does not exist`);
      return element(
        'GetTemplateResult',
        element('TemplateBody', text(JSON.stringify(stack.template, null, 1))) +
          element('StagesAvailable', members(['Original', 'Processed'], text)),
      );
    }
    default:
      throw new ApiError('InvalidAction', `Could not find operation ${action} for version 2010-05-15`);
  }
}

/** By stack id (deleted stacks included), else by name among the stacks that exist. */
function findStack(stacks: readonly LiveStack[], stackName: string): LiveStack {
  const found = stackName.startsWith('arn:')
    ? stacks.find((stack) => stack.stackId === stackName)
    : stacks.find((stack) => stack.stackName === stackName && !isDeleted(stack));
  if (!found) throw validation(`Stack with id ${stackName} does not exist`);
  return found;
}

function isDeleted(stack: LiveStack): boolean {
  return stack.status === 'DELETE_COMPLETE';
}

/** A page of `items`; the token is opaque to clients, and only valid for the same call. */
function paginate<T>(items: readonly T[], nextToken: string | undefined, call: string) {
  let start = 0;
  if (nextToken !== undefined) {
    const [tokenCall, offset] = Buffer.from(nextToken, 'base64').toString('utf8').split('#');
    start = Number(offset);
    if (tokenCall !== call || !Number.isInteger(start) || start < 0) throw validation('Invalid NextToken');
  }
  const end = start + PAGE_SIZE;
  const token = end < items.length ? element('NextToken', Buffer.from(`${call}#${end}`).toString('base64')) : '';
  return { items: items.slice(start, end), token };
}

function stackXml(stack: LiveStack): string {
  return (
    element('StackId', text(stack.stackId)) +
    element('StackName', text(stack.stackName)) +
    element('Parameters', members(Object.entries(stack.parameters ?? {}), parameterXml)) +
    element('CreationTime', stack.creationTime.toISOString()) +
    optional('LastUpdatedTime', stack.lastUpdatedTime?.toISOString()) +
    optional('DeletionTime', stack.deletionTime?.toISOString()) +
    element('RollbackConfiguration', '') +
    element('StackStatus', stack.status) +
    optional('StackStatusReason', stack.statusReason) +
    element('DisableRollback', 'false') +
    element('NotificationARNs', '') +
    element('Outputs', members(Object.entries(stack.outputs ?? {}), outputXml)) +
    element('Tags', '') +
    element('EnableTerminationProtection', 'false') +
    element('DriftInformation', element('StackDriftStatus', 'NOT_CHECKED'))
  );
}

function resourceXml(resource: LiveResource): string {
  return (
    element('LogicalResourceId', text(resource.logicalId)) +
    optional('PhysicalResourceId', resource.physicalId) +
    element('ResourceType', text(resource.type)) +
    element('LastUpdatedTimestamp', resource.lastUpdated.toISOString()) +
    element('ResourceStatus', resource.status) +
    optional('ResourceStatusReason', resource.statusReason) +
    element('DriftInformation', element('StackResourceDriftStatus', 'NOT_CHECKED'))
  );
}

function parameterXml([key, value]: readonly [string, string]): string {
  return element('ParameterKey', text(key)) + element('ParameterValue', text(value));
}

function outputXml([key, value]: readonly [string, string]): string {
  return element('OutputKey', text(key)) + element('OutputValue', text(value));
}

function metadata(requestId: string): string {
  return element('ResponseMetadata', requestIdOf(requestId));
}

function requestIdOf(requestId: string): string {
  return element('RequestId', requestId);
}

function validation(message: string): ApiError {
  return new ApiError('ValidationError', message);
}

function members<T>(items: readonly T[], content: (item: T) => string): string {
  return items.map((item) => element('member', content(item))).join('');
}

function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

function optional(name: string, value: string | undefined): string {
  return value === undefined ? '' : element(name, text(value));
}

/** The document's root element, in the API's namespace. */
function root(name: string, content: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${name} xmlns="${NAMESPACE}">${content}</${name}>\n`;
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function send(response: http.ServerResponse, status: number, requestId: string, xml: string): void {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(xml);
}
