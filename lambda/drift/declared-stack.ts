/**
 * What a deployed stack declares, read from CloudFormation itself (not from a local cloud assembly): the status and
 * parameter values (DescribeStacks), the template it was deployed with (GetTemplate) and each resource's physical id
 * (ListStackResources). Properties are resolved as far as those tell (see intrinsics.ts) and put in the form
 * CloudFormation delivers them to the handler, so that the handler's own parser reads them.
 */
import type { Parameter, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { StackApi } from '../stack-api';
import { asDelivered, RefValues, resolveIntrinsics, Unknown } from './intrinsics';

/** A resource of one of the checked types, as the stack declares it. */
export interface DeclaredResource {
  readonly logicalId: string;
  /** The construct path (`aws:cdk:path` metadata), else the logical id. */
  readonly path: string;
  readonly type: string;
  /** What CloudFormation recorded as its physical id: for our resources, the target's id. */
  readonly physicalId: string;
  /** Resolved and stringified; an `Unknown` where a value cannot be known. */
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface StackIdentity {
  readonly stackId: string;
  readonly stackName: string;
  readonly status: string;
}

export type DeclaredStack =
  | (StackIdentity & { readonly inProgress: true })
  | (StackIdentity & { readonly inProgress: false; readonly resources: readonly DeclaredResource[] });

/** Reads the stack. Does not read its template while an operation is in progress (the answer would be moving). */
export async function readDeclaredStack(stack: StackApi, resourceTypes: readonly string[]): Promise<DeclaredStack> {
  const description = await stack.describe();
  const identity: StackIdentity = {
    stackId: description.StackId ?? '',
    stackName: description.StackName ?? '',
    status: description.StackStatus ?? 'UNKNOWN',
  };
  if (identity.status.endsWith('_IN_PROGRESS')) return { ...identity, inProgress: true };
  const template = parseTemplateBody(await stack.template(), identity.stackName);
  const live = new Map((await stack.resources()).map((resource) => [resource.LogicalResourceId, resource]));
  const refs = refValues(template, description.Parameters ?? [], identity.stackId, description.NotificationARNs);
  const resources: DeclaredResource[] = [];
  for (const [logicalId, declaration] of Object.entries(template.Resources ?? {})) {
    if (!isObject(declaration) || !resourceTypes.includes(String(declaration.Type))) continue;
    const physicalId = deployedPhysicalId(live.get(logicalId));
    if (physicalId === undefined) continue; // not created (a false condition), being deleted, or failed to create
    const metadata = isObject(declaration.Metadata) ? declaration.Metadata : {};
    const properties = asDelivered(resolveIntrinsics(declaration.Properties ?? {}, refs));
    resources.push({
      logicalId,
      path: typeof metadata['aws:cdk:path'] === 'string' ? constructPath(metadata['aws:cdk:path']) : logicalId,
      type: String(declaration.Type),
      physicalId,
      properties: isObject(properties) ? properties : {},
    });
  }
  return { ...identity, inProgress: false, resources };
}

/**
 * The path of our construct, from that of its CloudFormation resource: `<construct>/Resource/Default` (a
 * `CustomResource` named `Resource` holds the `CfnResource` `Default`).
 */
function constructPath(resourcePath: string): string {
  return resourcePath.replace(/\/Resource(\/Default)?$/, '');
}

/** The template's JSON. A YAML template (not written by the CDK) cannot be read here. */
function parseTemplateBody(body: string, stackName: string): { Parameters?: unknown; Resources?: unknown } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isObject(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new Error(`the template of stack ${stackName} is not a JSON template (the CDK deploys JSON)`);
}

function deployedPhysicalId(resource: StackResourceSummary | undefined): string | undefined {
  const status = resource?.ResourceStatus ?? '';
  if (status.startsWith('DELETE_') || status === 'CREATE_FAILED') return undefined;
  return resource?.PhysicalResourceId;
}

/**
 * The values `Ref` resolves to: the parameters as DescribeStacks reports them (a `NoEcho` value is masked, so
 * unknown; an SSM parameter type by its resolved value), and the pseudo parameters the stack id tells.
 */
function refValues(
  template: { Parameters?: unknown },
  parameters: readonly Parameter[],
  stackId: string,
  notificationArns: readonly string[] = [],
): RefValues {
  const declarations = isObject(template.Parameters) ? template.Parameters : {};
  const values: Record<string, string | readonly string[] | Unknown> = {};
  for (const { ParameterKey: key, ParameterValue: value, ResolvedValue: resolved } of parameters) {
    if (key === undefined) continue;
    const declaration = isObject(declarations[key]) ? declarations[key] : {};
    const type = typeof declaration.Type === 'string' ? declaration.Type : 'String';
    const noEcho = declaration.NoEcho === true || declaration.NoEcho === 'true';
    const text = type.startsWith('AWS::SSM::Parameter::Value<') ? resolved : value;
    if (noEcho || text === undefined) {
      values[key] = new Unknown(`Ref ${key} (${noEcho ? 'a NoEcho parameter' : 'no value reported'})`);
    } else {
      values[key] = type.startsWith('List<') || type.includes('CommaDelimitedList') ? text.split(',') : text;
    }
  }
  // arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>
  const [, partition = '', , region = '', account = '', resource = ''] = stackId.split(':');
  return {
    ...values,
    'AWS::StackId': stackId,
    'AWS::StackName': resource.split('/')[1] ?? '',
    'AWS::Partition': partition,
    'AWS::Region': region,
    'AWS::AccountId': account,
    'AWS::URLSuffix': partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::NotificationARNs': notificationArns,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
