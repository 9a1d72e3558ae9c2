/**
 * The resource types the runner models itself: log groups and CDK metadata are inert (synthetic physical ids,
 * nothing else happens); IAM roles and policies record their statements in the IamRegistry, which decides what
 * functions may do; a Lambda function registers its code, and its role's credentials, with the LambdaHost.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CloudAssembly } from './assembly';
import type { IamRegistry } from './iam';
import { isObject, textOf } from './intrinsics';
import type { LambdaFunctionDefinition, LambdaHost } from './lambda-host';
import type {
  ResourceModel,
  ResourceModelDeleteRequest,
  ResourceModelRequest,
  ResourceModelResult,
  ResourceModelUpdateRequest,
} from './types';

export interface InertModelOptions {
  /** The property that names the resource (its physical id) when set, for example `RoleName`. */
  readonly nameProperty?: string;
  /** The `Fn::GetAtt` attributes of a resource with this physical id. */
  readonly attributes?: (physicalId: string, request: ResourceModelRequest) => Record<string, unknown>;
}

/** What {@link inertModel} returns: a model whose actions are synchronous, and that updates in place. */
export interface InertModel extends ResourceModel {
  create(request: ResourceModelRequest): ResourceModelResult;
  update(request: ResourceModelUpdateRequest): ResourceModelResult;
  delete(request: ResourceModelDeleteRequest): void;
}

/**
 * A model that only records: the physical id is the name property's value, else a generated
 * `<stack>-<logicalId>-<random>`; a change of the name replaces the resource, other changes update it in place.
 */
export function inertModel(options: InertModelOptions = {}): InertModel {
  const nameOf = (request: ResourceModelRequest) =>
    options.nameProperty === undefined ? undefined : optionalString(request.properties[options.nameProperty]);
  const result = (physicalId: string, request: ResourceModelRequest): ResourceModelResult => ({
    physicalId,
    attributes: options.attributes?.(physicalId, request) ?? {},
  });
  return {
    create: (request) => result(nameOf(request) ?? generatedName(request), request),
    update: (request) => {
      const renamed = nameOf(request) !== nameOf({ ...request, properties: request.oldProperties });
      return result(renamed ? (nameOf(request) ?? generatedName(request)) : request.physicalId, request);
    },
    delete: () => undefined,
  };
}

export interface BuiltinModelContext {
  readonly lambdas: LambdaHost;
  /** Where function code is deployed to: a copy, as Lambda keeps its own (assemblies may be removed). */
  readonly codeStore: string;
  /** The assembly being deployed (or rolled back to): where function code is found. */
  readonly assembly: CloudAssembly;
  /** The account's roles and policies, and the credentials functions get from their roles. */
  readonly iam: IamRegistry;
  /** Credentials for a function whose `Role` is not given. */
  readonly defaultCredentials: Readonly<Record<string, string>>;
}

export function builtinModels(context: BuiltinModelContext): Record<string, ResourceModel> {
  return {
    'AWS::CDK::Metadata': inertModel(),
    'AWS::IAM::Policy': policyModel(context.iam),
    'AWS::IAM::Role': roleModel(context.iam),
    'AWS::Logs::LogGroup': inertModel({
      nameProperty: 'LogGroupName',
      attributes: (name, { region, accountId }) => ({ Arn: `arn:aws:logs:${region}:${accountId}:log-group:${name}:*` }),
    }),
    'AWS::Lambda::Function': lambdaFunctionModel(context),
  };
}

/**
 * An inert role (physical id: `RoleName`, else generated; a new name replaces it) that records its inline
 * `Policies` as the role's own statements. A replaced role's old name loses its statements in the cleanup phase.
 */
function roleModel(iam: IamRegistry): ResourceModel {
  const arnOf = (name: string, { accountId, properties }: ResourceModelRequest) =>
    `arn:aws:iam::${accountId}:role${optionalString(properties.Path) ?? '/'}${name}`;
  const inert = inertModel({
    nameProperty: 'RoleName',
    attributes: (name, request) => ({
      Arn: arnOf(name, request),
      RoleId: `AROA${randomBytes(8).toString('hex').toUpperCase()}`,
    }),
  });
  return recording(
    inert,
    (request, { physicalId }) => iam.putRole(physicalId, arnOf(physicalId, request), request.properties),
    (physicalId) => iam.deleteRole(physicalId),
  );
}

/**
 * An inert `AWS::IAM::Policy` (physical id generated, every change in place) whose document applies to its `Roles`
 * from the moment it is created or updated until it is deleted.
 */
function policyModel(iam: IamRegistry): ResourceModel {
  return recording(
    inertModel(),
    (request, { physicalId }) => iam.putPolicy(physicalId, request.properties),
    (physicalId) => iam.deletePolicy(physicalId),
  );
}

/** An inert model that also tells the IAM registry what each create, update and delete did. */
function recording(
  inert: InertModel,
  put: (request: ResourceModelRequest, result: ResourceModelResult) => void,
  remove: (physicalId: string) => void,
): ResourceModel {
  const record = (request: ResourceModelRequest, result: ResourceModelResult) => {
    put(request, result);
    return result;
  };
  return {
    create: (request) => record(request, inert.create(request)),
    update: (request) => record(request, inert.update(request)),
    delete: ({ physicalId }) => remove(physicalId),
  };
}

/**
 * Physical id (the function's name): `FunctionName`, else one CloudFormation-style generated for the stack
 * (`<stack>-<logicalId>-<random>`), so that stacks holding the same functions coexist. A change of `FunctionName`
 * replaces the function. `Arn` is `arn:aws:lambda:<region>:<account>:function:<name>`.
 */
function lambdaFunctionModel(context: BuiltinModelContext): ResourceModel {
  const register = async (
    request: ResourceModelRequest,
    name: string,
    isNew: boolean,
  ): Promise<ResourceModelResult> => {
    const definition = functionDefinition(request, name, context);
    if (isNew && context.lambdas.find(name)) throw new Error(`Function already exist: ${name}`);
    await context.lambdas.register(definition);
    return { physicalId: name, attributes: { Arn: definition.arn } };
  };
  const newName = (request: ResourceModelRequest) =>
    explicitFunctionName(request.properties) ?? generatedName(request, mixedCaseSuffix());
  return {
    create: (request) => register(request, newName(request), true),
    update: (request) =>
      explicitFunctionName(request.properties) === explicitFunctionName(request.oldProperties)
        ? register(request, request.physicalId, false)
        : register(request, newName(request), true),
    delete: ({ physicalId }) => context.lambdas.unregister(physicalId),
  };
}

function functionDefinition(
  request: ResourceModelRequest,
  name: string,
  context: BuiltinModelContext,
): LambdaFunctionDefinition {
  const { properties, region, accountId } = request;
  const runtime = textOf(properties.Runtime ?? '');
  if (!runtime.startsWith('nodejs')) {
    throw new Error(`runtime ${runtime || '(none)'} is not supported by the local runner: only nodejs runtimes run`);
  }
  const variables =
    isObject(properties.Environment) && isObject(properties.Environment.Variables)
      ? properties.Environment.Variables
      : {};
  return {
    name,
    arn: `arn:aws:lambda:${region}:${accountId}:function:${name}`,
    runtime,
    handler: String(properties.Handler),
    codeDir: codeDirectory(request, context),
    environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
    timeoutSeconds: Number(properties.Timeout ?? 3),
    memorySize: Number(properties.MemorySize ?? 128),
    // Lambda names the role session after the function.
    credentials:
      properties.Role === undefined
        ? context.defaultCredentials
        : context.iam.credentials(textOf(properties.Role), name),
  };
}

function explicitFunctionName(properties: Readonly<Record<string, unknown>>): string | undefined {
  return optionalString(properties.FunctionName);
}

/**
 * Deploys the function's code to a folder of its own: a copy of its asset folder, or for inline code (`ZipFile`)
 * an `index.js`, as Lambda does for Node.js runtimes.
 */
function codeDirectory(request: ResourceModelRequest, context: BuiltinModelContext): string {
  const code = isObject(request.properties.Code) ? request.properties.Code : {};
  const directory = path.join(context.codeStore, `${request.logicalId}-${randomUUID()}`);
  if (typeof code.ZipFile === 'string') {
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(path.join(directory, 'index.js'), code.ZipFile);
  } else {
    fs.cpSync(context.assembly.codeDirectory(request.logicalId, code), directory, { recursive: true });
  }
  return directory;
}

/** CloudFormation's pattern for names it generates: `<stack>-<logicalId>-<suffix>`, cut before the suffix to fit. */
function generatedName({ stackName, logicalId }: ResourceModelRequest, suffix = upperCaseSuffix()): string {
  return `${`${stackName}-${logicalId}`.slice(0, MAX_NAME_LENGTH - suffix.length - 1)}-${suffix}`;
}

/** Most names: 64 characters at most, ending in 13 random upper-case characters. */
const MAX_NAME_LENGTH = 64;

function upperCaseSuffix(): string {
  return randomBytes(7).toString('hex').toUpperCase().slice(0, 13);
}

const MIXED_CASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** What Lambda function names generated by CloudFormation end in: 12 random mixed-case characters. */
function mixedCaseSuffix(): string {
  return [...randomBytes(12)].map((byte) => MIXED_CASE[byte % MIXED_CASE.length]).join('');
}

function optionalString(value: unknown): string | undefined {
  return value === undefined ? undefined : textOf(value);
}
