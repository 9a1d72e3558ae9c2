/** The runner: deploys and destroys stacks of cloud assemblies, playing CloudFormation's part locally. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAssembly } from './assembly';
import { builtinModels } from './builtin-models';
import { CloudFormationApi, CloudFormationCall } from './cloudformation-api';
import { CustomResourceDriver } from './custom-resource';
import { AuthorizationDecision, AuthorizationRequest, evaluatePolicy, IamRegistry } from './iam';
import { LambdaApi } from './lambda-api';
import { LambdaHost } from './lambda-host';
import { StackTracker } from './live-state';
import { ReceivedResponse, RESPONSE_HOST, ResponseServer } from './response-server';
import { RESPONSE_REDIRECT_ENV } from './runtime/protocol';
import { buildRuntime } from './runtime-build';
import { ScheduleRecord, ScheduleRegistry } from './schedules';
import { StackEngine } from './stack-engine';
import type { StackRecord } from './stack-records';
import { parseTemplate, Template, TemplateValidationError } from './template';
import type {
  DeployOptions,
  LiveStack,
  LocalCloudFormationOptions,
  OperationResult,
  StackDescription,
  StackStatus,
} from './types';

/** A stack operation CloudFormation would refuse in the stack's current state. The stack is left as it was. */
export class StackStateError extends Error {
  public override readonly name = 'StackStateError';
}

const DEFAULT_ACCOUNT_ID = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_LAMBDA_CONCURRENCY = 10;

/**
 * Credentials of a function without a `Role`: the SDK in a function signs its requests, as in Lambda, with whatever
 * it is given. A function with a role gets credentials of its own (see IamRegistry.credentials).
 */
const DUMMY_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIALOCALCLOUDFORMATION',
  AWS_SECRET_ACCESS_KEY: 'local-cloudformation-secret',
  AWS_SESSION_TOKEN: 'local-cloudformation-session',
};

/**
 * AwsCustomResource with `installLatestAwsSdk` runs `npm install` into /tmp on every cold start: offline, it fails
 * at once and falls back to the SDK on NODE_PATH, instead of writing to /tmp from the registry.
 */
const OFFLINE_NPM = { npm_config_offline: 'true' };

/** Statuses from which CloudFormation accepts an update. */
const UPDATABLE: readonly StackStatus[] = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'];

interface Servers {
  readonly workDir: string;
  readonly lambdas: LambdaHost;
  readonly lambdaApi: LambdaApi;
  readonly cloudFormationApi: CloudFormationApi;
  readonly responses: ResponseServer;
  readonly engine: StackEngine;
}

export class LocalCloudFormation {
  public readonly region: string;
  public readonly accountId: string;
  private readonly stacks = new Map<string, StackRecord>();
  /** The live state of every stack by stack id, deleted ones included (DescribeStacks finds them by id). */
  private readonly trackers = new Map<string, StackTracker>();
  private readonly busy = new Set<string>();
  private readonly iam: IamRegistry;
  private readonly schedules = new ScheduleRegistry();
  private servers?: Promise<Servers>;

  constructor(private readonly options: LocalCloudFormationOptions = {}) {
    this.region = options.region ?? options.env?.AWS_REGION ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.iam = new IamRegistry(this.accountId);
  }

  /**
   * Whether the caller holding `accessKeyId` may call `action` (`service:Operation`) on `resource` (an ARN) at this
   * moment, by the identity-based policies of its role as the stacks' `AWS::IAM::Role` (`Policies`) and
   * `AWS::IAM::Policy` resources have them now. Each function's processes sign with an access key id of their own,
   * which identifies the function's role (the SigV4 `Credential=<access key id>/...` of their requests). An unknown
   * or missing key is denied. Pass this as an emulator's authorizer; see iam.ts for what differs from IAM.
   */
  public authorize(request: AuthorizationRequest): AuthorizationDecision {
    const decision = this.iam.authorize(request);
    if (!decision.allowed) this.options.onAccessDenied?.(request, decision);
    return decision;
  }

  /** {@link authorize}, as a yes or no. */
  public isAllowed(accessKeyId: string, action: string, resource: string): boolean {
    return this.authorize({ accessKeyId, action, resource }).allowed;
  }

  /** Every custom resource response PUT so far (to the ResponseURL), oldest first, with its size in bytes. */
  /** The calls the CloudFormation API has answered since the last reset (the handlers' reads of their stacks). */
  public async cloudFormationCalls(reset = false): Promise<readonly CloudFormationCall[]> {
    const { cloudFormationApi } = await this.start();
    const calls = [...cloudFormationApi.calls];
    if (reset) cloudFormationApi.resetCalls();
    return calls;
  }

  public async responses(): Promise<readonly ReceivedResponse[]> {
    return [...(await this.start()).responses.received];
  }

  /** The access key id a deployed function's processes sign with, or undefined if there is no such function. */
  public async functionAccessKeyId(functionName: string): Promise<string | undefined> {
    return (await this.start()).lambdas.find(functionName)?.credentials?.AWS_ACCESS_KEY_ID;
  }

  /**
   * Creates the stack, or updates it if it exists (a stack in ROLLBACK_COMPLETE is replaced, as the CDK CLI does).
   * Resolves with the operation's outcome, failed ones included; rejects only when CloudFormation would refuse to
   * start: a template error or unmodelled resource type (TemplateValidationError), a stack that cannot be updated
   * in its state or has an operation in progress (StackStateError).
   */
  public async deploy(options: DeployOptions): Promise<OperationResult> {
    const assembly = readAssembly(path.resolve(options.assemblyDir), options.stackName);
    const template = parseTemplate(assembly.template);
    const parameters = parameterValues(template, this.options.parameters ?? {}, options.parameters ?? {});
    return this.exclusively(options.stackName, async () => {
      const { engine } = await this.start();
      const existing = this.stacks.get(options.stackName);
      const target = { name: options.stackName, template, assembly, parameters };
      if (existing && existing.status !== 'ROLLBACK_COMPLETE' && !UPDATABLE.includes(existing.status)) {
        throw new StackStateError(`Stack ${options.stackName} is in ${existing.status} state and can not be updated`);
      }
      const outcome =
        existing?.status === 'ROLLBACK_COMPLETE' || !existing
          ? await engine.create(target)
          : await engine.update(existing, target);
      this.stacks.set(options.stackName, outcome.stack!);
      return outcome.result;
    });
  }

  /** Deletes the stack. A stack that does not exist is already deleted (DELETE_COMPLETE, no events). */
  public async destroy(stackName: string): Promise<OperationResult> {
    return this.exclusively(stackName, async () => {
      const existing = this.stacks.get(stackName);
      if (!existing) {
        return { stackName, stackId: '', status: 'DELETE_COMPLETE', events: [], outputs: {}, warnings: [] };
      }
      const { engine } = await this.start();
      const outcome = await engine.delete(existing);
      if (outcome.stack) this.stacks.set(stackName, outcome.stack);
      else this.stacks.delete(stackName);
      return outcome.result;
    });
  }

  /** The stack as the runner holds it, or undefined if it does not exist (never created, or deleted). */
  public stack(stackName: string): StackDescription | undefined {
    const record = this.stacks.get(stackName);
    if (!record) return undefined;
    const resources = Object.fromEntries(
      [...record.resources].map(([logicalId, { type, physicalId, properties, attributes }]) => [
        logicalId,
        { type, physicalId, properties, attributes },
      ]),
    );
    return { stackName, stackId: record.id, status: record.status, resources, outputs: record.outputs };
  }

  /**
   * Every stack as the CloudFormation API reports it at this moment (deleted ones included), with the status of the
   * phase an operation in progress is in and the status of each resource: what DescribeStacks and
   * ListStackResources serve.
   */
  public liveStacks(): LiveStack[] {
    const templates = new Map([...this.stacks.values()].map((record) => [record.id, record.assembly.template]));
    return [...this.trackers.values()].map((tracker) => {
      const stack = tracker.describe();
      return { ...stack, template: stack.status === 'DELETE_COMPLETE' ? undefined : templates.get(stack.stackId) };
    });
  }

  /**
   * The URL of the runner's CloudFormation API endpoint (DescribeStacks, ListStackResources, GetTemplate), which functions get as
   * `AWS_ENDPOINT_URL_CLOUDFORMATION`. It reports the stacks' live state, also while an operation runs.
   */
  public async cloudFormationEndpoint(): Promise<string> {
    return (await this.start()).cloudFormationApi.url;
  }

  /** The `AWS::Scheduler::Schedule` resources that exist now, with their targets and inputs. */
  public scheduleList(): ScheduleRecord[] {
    return this.schedules.list();
  }

  /**
   * Fires a stack's schedule once, as EventBridge Scheduler does when its time comes: its role must allow
   * `lambda:InvokeFunction` on the target at this moment, and the target function is invoked with the schedule's
   * input through the runner's Lambda endpoint. Resolves with the function's answer (see schedules.ts).
   */
  public async fireSchedule(
    stackName: string,
    logicalId: string,
  ): Promise<{ payload: string; functionError?: string }> {
    const schedule = this.schedules.list().find((s) => s.stackName === stackName && s.logicalId === logicalId);
    if (!schedule) throw new Error(`stack ${stackName} has no schedule ${logicalId}`);
    if (schedule.state !== 'ENABLED') throw new Error(`schedule ${schedule.name} is ${schedule.state}`);
    const { allowed } = evaluatePolicy(
      this.iam.statements(schedule.roleArn),
      'lambda:InvokeFunction',
      schedule.targetArn,
    );
    if (!allowed) throw new Error(`the role of schedule ${schedule.name} may not invoke ${schedule.targetArn}`);
    const { lambdaApi } = await this.start();
    const response = await fetch(
      `${lambdaApi.url}/2015-03-31/functions/${encodeURIComponent(schedule.targetArn)}/invocations`,
      { method: 'POST', body: schedule.input ?? '{}' },
    );
    const functionError = response.headers.get('x-amz-function-error') ?? undefined;
    return { payload: await response.text(), ...(functionError ? { functionError } : {}) };
  }

  /** Stops the function processes and the servers, and removes the runner's temporary files. */
  public async close(): Promise<void> {
    const servers = this.servers;
    this.servers = undefined;
    if (!servers) return;
    const { lambdas, lambdaApi, cloudFormationApi, responses, workDir } = await servers;
    await lambdas.close();
    await Promise.all([lambdaApi.close(), cloudFormationApi.close(), responses.close()]);
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  private async exclusively<T>(stackName: string, operation: () => Promise<T>): Promise<T> {
    if (this.busy.has(stackName)) throw new StackStateError(`Stack ${stackName} has an operation in progress`);
    this.busy.add(stackName);
    try {
      return await operation();
    } finally {
      this.busy.delete(stackName);
    }
  }

  /** A stack's live state; a new stack's replaces (deletes) any other of its name, as one in ROLLBACK_COMPLETE. */
  private tracker(stackName: string, stackId: string): StackTracker {
    const existing = this.trackers.get(stackId);
    if (existing) return existing;
    for (const other of this.trackers.values()) {
      if (other.stackName === stackName && !other.deleted) other.markDeleted();
    }
    const tracker = new StackTracker(stackName, stackId);
    this.trackers.set(stackId, tracker);
    return tracker;
  }

  private start(): Promise<Servers> {
    this.servers ??= this.startServers();
    return this.servers;
  }

  private async startServers(): Promise<Servers> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloudformation-'));
    const runtime = buildRuntime(path.join(workDir, 'runtime'));
    const responses = await ResponseServer.start();
    const cloudFormationApi = await CloudFormationApi.start(() => this.liveStacks(), {
      authorize: this.options.enforceIam ? (request) => this.authorize(request) : undefined,
      region: this.region,
      accountId: this.accountId,
    });
    // The API serves the host created just below, once it knows the API's own URL.
    const lambdaApi = await LambdaApi.start({
      find: (name) => lambdas.find(name),
      invoke: (name, payload) => lambdas.invoke(name, payload),
    });
    const lambdas = new LambdaHost({
      runtime,
      environment: {
        ...OFFLINE_NPM,
        AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormationApi.url,
        PATH: process.env.PATH ?? '',
        ...this.options.env,
      },
      runtimeEnvironment: {
        AWS_REGION: this.region,
        AWS_DEFAULT_REGION: this.region,
        AWS_ENDPOINT_URL_LAMBDA: lambdaApi.url,
        NODE_PATH: [...(this.options.nodePath ?? [defaultNodeModules()]), runtime.modulesDir].join(path.delimiter),
        [RESPONSE_REDIRECT_ENV]: `${RESPONSE_HOST} ${responses.address}`,
      },
      concurrency: this.options.lambdaConcurrency ?? DEFAULT_LAMBDA_CONCURRENCY,
      initAhead: this.options.lambdaInitAhead ?? 0,
      ...(this.options.lambdaColdStartMs !== undefined ? { coldStartMs: this.options.lambdaColdStartMs } : {}),
      onLog: this.options.onLambdaLog,
    });
    const codeStore = path.join(workDir, 'functions');
    const engine = new StackEngine({
      region: this.region,
      accountId: this.accountId,
      customResources: new CustomResourceDriver(lambdas, responses),
      models: (assembly) => ({
        ...builtinModels({ lambdas, codeStore, assembly, iam: this.iam, defaultCredentials: DUMMY_CREDENTIALS }),
        'AWS::Scheduler::Schedule': this.schedules.model(),
        ...this.options.resourceModels,
      }),
      tracker: (stackName, stackId) => this.tracker(stackName, stackId),
    });
    return { workDir, lambdas, lambdaApi, cloudFormationApi, responses, engine };
  }
}

/** Template defaults, under the runner's values, under the deploy's values. Every parameter must end with one. */
function parameterValues(
  template: Template,
  runnerValues: Readonly<Partial<Record<string, string>>>,
  deployValues: Readonly<Partial<Record<string, string>>>,
): Record<string, string> {
  const unknown = Object.keys(deployValues).filter((name) => !(name in template.parameters));
  if (unknown.length > 0)
    throw new TemplateValidationError([`Parameters: [${unknown.join(', ')}] do not exist in the template`]);
  const values = Object.fromEntries(
    Object.entries(template.parameters).flatMap(([name, declaration]) => {
      const value = deployValues[name] ?? runnerValues[name] ?? declaration.default;
      return value === undefined ? [] : [[name, value]];
    }),
  );
  const missing = Object.keys(template.parameters).filter((name) => !(name in values));
  if (missing.length > 0) throw new TemplateValidationError([`Parameters: [${missing.join(', ')}] must have values`]);
  return values;
}

/** The node_modules folder the SDK is installed in: what functions get as the runtime's preinstalled packages. */
function defaultNodeModules(): string {
  return path.resolve(require.resolve('@aws-sdk/client-lambda/package.json'), '..', '..', '..');
}
