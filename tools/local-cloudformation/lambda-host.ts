/**
 * Runs Lambda functions' code in child Node.js processes. Each process serves one invocation at a time and is
 * kept warm for the next, like a Lambda execution environment; a function runs at most `concurrency` at once.
 * With `initAhead`, that many of a function's processes are started and initialised when it is registered.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as readline from 'node:readline';
import type { LambdaLogLine } from './types';
import type {
  InitializedMessage,
  InitMessage,
  InvocationResultMessage,
  InvokeMessage,
  LambdaErrorPayload,
} from './runtime/protocol';
import type { RuntimeFiles } from './runtime-build';

export interface LambdaFunctionDefinition {
  readonly name: string;
  readonly arn: string;
  readonly runtime: string;
  readonly handler: string;
  /** The folder holding the function's code (an asset folder of the cloud assembly). */
  readonly codeDir: string;
  /** The function's own `Environment.Variables`. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` of the function's role: over its own
   * variables, under the caller's (`LambdaHostOptions.environment`).
   */
  readonly credentials?: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
}

/** What Lambda's Invoke returns: the payload, and `Unhandled` when the handler failed. */
export interface InvokeResult {
  readonly payload: string;
  readonly functionError?: 'Unhandled';
}

export class FunctionNotFoundError extends Error {
  public override readonly name = 'ResourceNotFoundException';
  constructor(functionName: string) {
    super(`Function not found: ${functionName}`);
  }
}

export interface LambdaHostOptions {
  readonly runtime: RuntimeFiles;
  /** The caller's variables (credentials, region, service endpoints): over each function's own. */
  readonly environment: Readonly<Record<string, string>>;
  /** The runner's variables (Lambda endpoint, NODE_PATH, response redirect): over everything else. */
  readonly runtimeEnvironment: Readonly<Record<string, string>>;
  readonly concurrency: number;
  /**
   * Per function, how many execution environments are initialised when it is registered (`register` resolves once
   * they are), at most `INIT_AHEAD_AT_ONCE` at a time across the host; each one's first invocation then waits as long
   * as its own initialisation took (or `coldStartMs`), as a cold start would. An initialisation that has not ended
   * within `INIT_TIMEOUT_MS` (or the function's timeout, if shorter) is stopped, as Lambda stops an Init phase at 10 s,
   * and its environment is not kept. Default 0: an environment starts at its first invocation.
   *
   * Why: in Lambda each execution environment runs its Init phase on its own share of a CPU (the Lambda developer
   * guide, "Lambda execution environment lifecycle" and "Configuring Lambda function memory": CPU is allocated in
   * proportion to memory, per environment). Here every process shares this machine's cores, so a hundred cold
   * starts at once take seconds of each other's CPU (on 2 cores, 200 took 15 to 32 s; docs/benchmarks-fair-share.md),
   * which no Lambda function sees. Initialising ahead, a few at a time, keeps each cold start as long as it is alone,
   * and takes it off the shared CPU while the invocations run. (The same order of events as provisioned concurrency,
   * whose environments are initialised before any invocation; their first invocation does not wait.)
   */
  readonly initAhead?: number;
  /**
   * How long the first invocation of an environment initialised ahead waits, instead of its own initialisation time:
   * to try cold starts as long as Lambda's (which add the sandbox's creation and the code's download to the Init
   * phase, and run it on a share of a CPU in proportion to the memory). Default: the initialisation time measured.
   */
  readonly coldStartMs?: number;
  readonly onLog?: (line: LambdaLogLine) => void;
}

/** How many processes `initAhead` initialises at once, across the host: one per core of this machine. */
const INIT_AHEAD_AT_ONCE = Math.max(1, os.availableParallelism());
/** Lambda stops an Init phase that takes longer than 10 s (the developer guide, "Lambda execution environment lifecycle"). */
const INIT_TIMEOUT_MS = 10_000;

interface FunctionSlot {
  definition: LambdaFunctionDefinition;
  readonly idle: Worker[];
  running: number;
  readonly waiting: Array<() => void>;
}

export class LambdaHost {
  private readonly slots = new Map<string, FunctionSlot>();
  private readonly workers = new Set<Worker>();
  /** Initialisations ahead running now, and those waiting for one of them to end (`INIT_AHEAD_AT_ONCE`). */
  private initsRunning = 0;
  private readonly initsWaiting: Array<() => void> = [];

  constructor(private readonly options: LambdaHostOptions) {}

  /**
   * Adds a function, or replaces its configuration (its warm processes are retired); resolves once `initAhead` of
   * its processes are initialised.
   */
  public async register(definition: LambdaFunctionDefinition): Promise<void> {
    let slot = this.slots.get(definition.name);
    if (!slot) {
      slot = { definition, idle: [], running: 0, waiting: [] };
      this.slots.set(definition.name, slot);
    } else {
      slot.definition = definition;
      for (const worker of slot.idle.splice(0)) void worker.kill();
    }
    await this.initAhead(slot, definition);
  }

  public unregister(name: string): void {
    for (const worker of this.slots.get(name)?.idle.splice(0) ?? []) void worker.kill();
    this.slots.delete(name);
  }

  /** A function by name, ARN (qualified or not) or partial ARN. */
  public find(nameOrArn: string): LambdaFunctionDefinition | undefined {
    return this.slots.get(functionNameOf(nameOrArn))?.definition;
  }

  /** Runs the function once with the event (JSON text) and waits for its result. */
  public async invoke(nameOrArn: string, payload: string): Promise<InvokeResult> {
    const slot = this.slots.get(functionNameOf(nameOrArn));
    if (!slot) throw new FunctionNotFoundError(nameOrArn);
    await this.turn(slot);
    const definition = slot.definition;
    // The most recently released first (a stack): warm environments are reused before those initialised ahead and
    // not yet invoked, so that a function invoked less often than `initAhead` pays as few cold starts as in Lambda.
    let worker = slot.idle.pop();
    while (worker && !worker.alive) worker = slot.idle.pop();
    worker ??= this.spawn(definition);
    try {
      return await worker.run(payload, definition);
    } finally {
      this.release(slot, worker, definition);
    }
  }

  public async close(): Promise<void> {
    this.slots.clear();
    await Promise.all([...this.workers].map((worker) => worker.kill()));
  }

  private async initAhead(slot: FunctionSlot, definition: LambdaFunctionDefinition): Promise<void> {
    const count = Math.min(this.options.initAhead ?? 0, this.options.concurrency);
    const timeoutMs = Math.min(INIT_TIMEOUT_MS, definition.timeoutSeconds * 1000);
    const initOne = async (): Promise<void> => {
      await this.initSlot();
      try {
        if (!this.isCurrent(slot, definition)) return;
        const worker = this.spawn(definition);
        const initialized = await worker.initialize(timeoutMs, this.options.coldStartMs);
        if (initialized && this.isCurrent(slot, definition)) slot.idle.push(worker);
        else void worker.kill();
      } finally {
        this.releaseInitSlot();
      }
    };
    await Promise.all(Array.from({ length: count }, initOne));
  }

  private initSlot(): Promise<void> {
    if (this.initsRunning < INIT_AHEAD_AT_ONCE) {
      this.initsRunning++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.initsWaiting.push(resolve));
  }

  private releaseInitSlot(): void {
    const next = this.initsWaiting.shift();
    if (next) next();
    else this.initsRunning--;
  }

  /** Whether `definition` is still the registered configuration of `slot`'s function. */
  private isCurrent(slot: FunctionSlot, definition: LambdaFunctionDefinition): boolean {
    return this.slots.get(definition.name) === slot && slot.definition === definition;
  }

  private turn(slot: FunctionSlot): Promise<void> {
    if (slot.running < this.options.concurrency) {
      slot.running++;
      return Promise.resolve();
    }
    // The releasing invocation hands its place over: `running` stays the same.
    return new Promise((resolve) => slot.waiting.push(resolve));
  }

  private release(slot: FunctionSlot, worker: Worker, definition: LambdaFunctionDefinition): void {
    if (this.isCurrent(slot, definition) && worker.alive) slot.idle.push(worker);
    else void worker.kill();
    const next = slot.waiting.shift();
    if (next) next();
    else slot.running--;
  }

  private spawn(definition: LambdaFunctionDefinition): Worker {
    const environment = {
      ...definition.environment,
      ...definition.credentials,
      ...this.options.environment,
      ...reservedVariables(definition),
      ...this.options.runtimeEnvironment,
    };
    const worker = new Worker(definition, environment, this.options.runtime, this.options.onLog);
    this.workers.add(worker);
    void worker.exited.then(() => this.workers.delete(worker));
    return worker;
  }
}

/** The variables the Lambda runtime sets for a function (a function cannot override them). */
function reservedVariables(definition: LambdaFunctionDefinition): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: definition.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${definition.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
    LAMBDA_TASK_ROOT: definition.codeDir,
    _HANDLER: definition.handler,
  };
}

/** `name`, `name:qualifier`, `arn:aws:lambda:region:account:function:name[:qualifier]` or `account:function:name`. */
export function functionNameOf(nameOrArn: string): string {
  const afterFunction = nameOrArn.includes(':function:') ? nameOrArn.split(':function:')[1] : nameOrArn;
  return afterFunction.split(':')[0];
}

/** One warm child process of a function. */
class Worker {
  public readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private readonly startedAt: number;
  private current?: { readonly requestId: string; readonly finish: (result: InvokeResult) => void };
  private exitedCode?: number | null;
  /** How long the first invocation waits: the time `initialize` took (a cold start's, without sharing the CPU). */
  private coldStartMs = 0;
  private initialized?: () => void;

  constructor(
    definition: LambdaFunctionDefinition,
    environment: Record<string, string>,
    runtime: RuntimeFiles,
    onLog?: (line: LambdaLogLine) => void,
  ) {
    this.child = fork(runtime.bootstrap, [definition.codeDir, definition.handler], {
      cwd: definition.codeDir,
      env: environment,
      execArgv: ['--require', runtime.httpsRedirect],
      stdio: onLog ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
    });
    this.startedAt = Date.now();
    if (onLog) {
      for (const stream of ['stdout', 'stderr'] as const) {
        const lines = readline.createInterface({ input: this.child[stream]! });
        lines.on('line', (line) =>
          onLog({ functionName: definition.name, requestId: this.current?.requestId, stream, line }),
        );
      }
    }
    this.child.on('message', (message: InvocationResultMessage | InitializedMessage) => {
      if (message.type === 'initialized') this.initialized?.();
      else this.settle(message);
    });
    this.exited = new Promise((resolve) => {
      const exit = (code: number | null) => {
        if (this.exitedCode !== undefined) return;
        this.exitedCode = code;
        this.fail(
          'Runtime.ExitError',
          (id) => `RequestId: ${id} Error: Runtime exited with error: exit status ${code ?? 'signal'}`,
        );
        resolve();
      };
      this.child.once('exit', exit);
      // A process that could not be started emits 'error' and no 'exit'; a message sent to one that has exited
      // emits 'error' too (its invocation is failed by 'exit').
      this.child.on('error', () => {
        if (this.child.pid === undefined) exit(null);
      });
    });
  }

  public get alive(): boolean {
    return this.exitedCode === undefined;
  }

  /**
   * Runs the Init phase now (see `LambdaHostOptions.initAhead`). Resolves whether it ended within `timeoutMs`; then
   * the first invocation waits `coldStartMs`, by default as long as the Init phase took.
   */
  public async initialize(timeoutMs: number, coldStartMs?: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      new Promise<boolean>((resolve) => (this.initialized = () => resolve(true))),
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      this.sendOrFalse({ type: 'init' } satisfies InitMessage),
    ]);
    clearTimeout(timer);
    this.initialized = undefined;
    if (ended) this.coldStartMs = coldStartMs ?? Date.now() - this.startedAt;
    return ended && this.alive;
  }

  /** Sends a message; resolves false if the channel is closed (else never, for `Promise.race`). */
  private sendOrFalse(message: InitMessage): Promise<boolean> {
    return new Promise((resolve) => {
      this.child.send(message, (error) => {
        if (error) resolve(false);
      });
    });
  }

  public async run(payload: string, definition: LambdaFunctionDefinition): Promise<InvokeResult> {
    if (this.coldStartMs > 0) {
      const coldStartMs = this.coldStartMs;
      this.coldStartMs = 0;
      await new Promise((resolve) => setTimeout(resolve, coldStartMs));
      if (!this.alive) {
        const errorMessage = `Error: Runtime exited with error: exit status ${this.exitedCode ?? 'signal'}`;
        return unhandled({ errorType: 'Runtime.ExitError', errorMessage, trace: [] });
      }
    }
    const requestId = randomUUID();
    const timeoutMs = definition.timeoutSeconds * 1000;
    const message: InvokeMessage = {
      type: 'invoke',
      requestId,
      payload,
      deadline: Date.now() + timeoutMs,
      invokedFunctionArn: definition.arn,
    };
    return new Promise<InvokeResult>((resolve) => {
      const timer = setTimeout(() => {
        const seconds = definition.timeoutSeconds.toFixed(2);
        this.fail(
          'Sandbox.Timedout',
          (id) => `${new Date().toISOString()} ${id} Task timed out after ${seconds} seconds`,
        );
        void this.kill();
      }, timeoutMs);
      this.current = {
        requestId,
        finish: (result) => {
          clearTimeout(timer);
          this.current = undefined;
          resolve(result);
        },
      };
      this.child.send(message);
    });
  }

  public kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  private settle(message: InvocationResultMessage): void {
    if (message.requestId !== this.current?.requestId) return;
    if (message.type === 'result') this.current.finish({ payload: message.payload });
    else this.current.finish(unhandled(message.error));
  }

  /** Ends the invocation in progress, if any, with an error of the runtime itself. */
  private fail(errorType: string, errorMessage: (requestId: string) => string): void {
    if (!this.current) return;
    this.current.finish(unhandled({ errorType, errorMessage: errorMessage(this.current.requestId), trace: [] }));
  }
}

function unhandled(error: LambdaErrorPayload): InvokeResult {
  return { payload: JSON.stringify(error), functionError: 'Unhandled' };
}
