/**
 * The Lambda runtime of a function's child process: loads the handler from the function's code folder and runs
 * one invocation at a time, as the runner sends them over IPC. The process stays warm between invocations, like a
 * Lambda execution environment. Usage: `node --require https-redirect.js bootstrap.js <code folder> <handler>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  InitializedMessage,
  InitMessage,
  InvocationResultMessage,
  InvokeMessage,
  LambdaErrorPayload,
} from './protocol';

type Handler = (
  event: unknown,
  context: LambdaContext,
  callback?: (error: unknown, result?: unknown) => void,
) => unknown;

interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** How an invocation ended: the handler's result, or the error a callback-style handler called back with. */
type HandlerOutcome =
  { readonly failed: false; readonly result: unknown } | { readonly failed: true; readonly error: unknown };

/** Thrown while loading the handler; reported with the error types the Lambda Node.js runtime uses. */
class RuntimeError extends Error {
  constructor(
    public override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

const [codeDir, handlerString] = process.argv.slice(2);
let loadedHandler: Promise<Handler> | undefined;

process.on('message', (message: InvokeMessage | InitMessage) => {
  if (message.type === 'init') {
    void initialize().then((initialized) => process.send?.(initialized));
    return;
  }
  void invoke(message).then((result) => process.send?.(result));
});

/** Loads the handler before any invocation; an error is kept for the invocations to report. */
async function initialize(): Promise<InitializedMessage> {
  loadedHandler ??= loadHandler(codeDir, handlerString);
  await loadedHandler.catch(() => undefined);
  return { type: 'initialized' };
}

async function invoke(message: InvokeMessage): Promise<InvocationResultMessage> {
  try {
    loadedHandler ??= loadHandler(codeDir, handlerString);
    const handler = await loadedHandler;
    const outcome = await callHandler(handler, JSON.parse(message.payload), contextFor(message));
    if (outcome.failed) return { type: 'error', requestId: message.requestId, error: errorPayload(outcome.error) };
    return { type: 'result', requestId: message.requestId, payload: JSON.stringify(outcome.result ?? null) };
  } catch (error) {
    return { type: 'error', requestId: message.requestId, error: errorPayload(error) };
  }
}

/** Resolves `dir/file.export.path` like the Lambda Node.js runtime: the module is tried as .js, .mjs and .cjs. */
async function loadHandler(root: string, handler: string): Promise<Handler> {
  const match = /^(.*?)([^/.]+)\.([^/]+)$/.exec(handler);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handler}`);
  const [, directory, moduleName, exportPath] = match;
  const base = path.resolve(root, directory, moduleName);
  const file = ['.js', '.mjs', '.cjs']
    .map((extension) => base + extension)
    .find((candidate) => fs.existsSync(candidate));
  if (!file) throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  const loaded: unknown = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : requireHandlerModule(file);
  const found = exportPath
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], loaded);
  if (typeof found !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${moduleName}.${exportPath} is undefined or not exported`);
  }
  return found as Handler;
}

/** Loads a CommonJS (.js or .cjs) handler module with require(), as the Lambda Node.js runtime does. */
function requireHandlerModule(file: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate dynamic require: the function's own handler module, known only at run time
  return require(file);
}

/**
 * Async handlers return a promise (its rejection propagates); callback-style ones (three parameters) call back, and
 * the error they pass, of whatever type, is returned as it is, to be reported like a thrown one.
 */
async function callHandler(handler: Handler, event: unknown, context: LambdaContext): Promise<HandlerOutcome> {
  if (handler.length < 3) return { failed: false, result: await handler(event, context) };
  return new Promise((resolve) => {
    handler(event, context, (error, result) => {
      resolve(error ? { failed: true, error } : { failed: false, result });
    });
  });
}

function contextFor(message: InvokeMessage): LambdaContext {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? '';
  return {
    awsRequestId: message.requestId,
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${functionName}`,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
}

/** The payload the Lambda Node.js runtime reports for an unhandled error. */
function errorPayload(error: unknown): LambdaErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
