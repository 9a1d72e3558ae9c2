/** The Lambda side: child-process runtime, and the loopback Lambda API the provider framework invokes through. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetFunctionCommand, InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { LambdaApi } from '../../../tools/local-cloudformation/lambda-api';
import { LambdaFunctionDefinition, LambdaHost } from '../../../tools/local-cloudformation/lambda-host';
import { buildRuntime } from '../../../tools/local-cloudformation/runtime-build';

jest.setTimeout(30_000);

const CODE = `
exports.ok = async (event, context) => ({
  echo: event.value,
  own: process.env.OWN,
  caller: process.env.CALLER,
  functionName: context.functionName,
  remainingMs: context.getRemainingTimeInMillis(),
});
exports.fail = async () => { throw new TypeError('bad input'); };
exports.callback = (event, context, callback) => callback(null, { viaCallback: event.value });
exports.hang = () => new Promise(() => undefined);
`;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcf-lambda-'));
let host: LambdaHost;
let api: LambdaApi;
let client: LambdaClient;

function define(name: string, handler: string, timeoutSeconds = 30): LambdaFunctionDefinition {
  return {
    name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    runtime: 'nodejs20.x',
    handler,
    codeDir: path.join(workDir, 'code'),
    environment: { OWN: 'own', CALLER: 'overridden' },
    timeoutSeconds,
    memorySize: 128,
  };
}

/** What the test functions answer: a result object, or the runtime's `{ errorType, errorMessage, trace }`. */
interface InvokePayload {
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly trace?: string[];
  readonly remainingMs?: number;
  readonly [key: string]: unknown;
}

async function invoke(functionName: string, payload: unknown) {
  const response = await client.send(
    new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(payload) }),
  );
  const answer = JSON.parse(Buffer.from(response.Payload!).toString()) as InvokePayload;
  return { functionError: response.FunctionError, payload: answer };
}

beforeAll(async () => {
  fs.mkdirSync(path.join(workDir, 'code'));
  fs.writeFileSync(path.join(workDir, 'code', 'index.js'), CODE);
  const runtime = buildRuntime(path.join(workDir, 'runtime'));
  api = await LambdaApi.start({
    find: (name) => host.find(name),
    invoke: (name, payload) => host.invoke(name, payload),
  });
  host = new LambdaHost({
    runtime,
    environment: { CALLER: 'caller' },
    runtimeEnvironment: {},
    concurrency: 2,
  });
  for (const definition of [
    define('Ok', 'index.ok'),
    define('Fail', 'index.fail'),
    define('Callback', 'index.callback'),
    define('Missing', 'index.nothing'),
    define('Hang', 'index.hang', 1),
  ]) {
    await host.register(definition);
  }
  client = new LambdaClient({
    endpoint: api.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});

afterAll(async () => {
  client.destroy();
  await host.close();
  await api.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('Invoke by ARN runs the handler with the function env (caller env over it) and a Lambda context', async () => {
  const { functionError, payload } = await invoke('arn:aws:lambda:us-east-1:123456789012:function:Ok', { value: 7 });
  expect(functionError).toBeUndefined();
  expect(payload).toMatchObject({ echo: 7, own: 'own', caller: 'caller', functionName: 'Ok' });
  expect(payload.remainingMs).toBeGreaterThan(0);
  expect(payload.remainingMs).toBeLessThanOrEqual(30_000);
  expect((await invoke('Callback', { value: 'cb' })).payload).toEqual({ viaCallback: 'cb' });
});

test('a handler error answers 200 with X-Amz-Function-Error Unhandled and {errorType, errorMessage, trace}', async () => {
  const { functionError, payload } = await invoke('Fail', {});
  expect(functionError).toBe('Unhandled');
  expect(Object.keys(payload).sort()).toEqual(['errorMessage', 'errorType', 'trace']);
  expect(payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });
  expect(payload.trace![0]).toBe('TypeError: bad input');
  expect((await invoke('Missing', {})).payload.errorType).toBe('Runtime.HandlerNotFound');
});

test('a handler past its timeout is stopped with Sandbox.Timedout', async () => {
  const { functionError, payload } = await invoke('Hang', {});
  expect(functionError).toBe('Unhandled');
  expect(payload.errorType).toBe('Sandbox.Timedout');
  expect(payload.errorMessage).toMatch(/Task timed out after 1.00 seconds$/);
});

test('GetFunction reports an Active function; an unknown function is ResourceNotFoundException', async () => {
  const described = await client.send(new GetFunctionCommand({ FunctionName: 'Ok' }));
  expect(described.Configuration).toMatchObject({ FunctionName: 'Ok', State: 'Active' });
  await expect(client.send(new InvokeCommand({ FunctionName: 'Nope' }))).rejects.toBeInstanceOf(
    ResourceNotFoundException,
  );
});

describe('initAhead', () => {
  let aheadHost: LambdaHost;
  let folders = 0;

  beforeAll(() => {
    aheadHost = new LambdaHost({
      runtime: buildRuntime(path.join(workDir, 'init-runtime')),
      environment: {},
      runtimeEnvironment: {},
      concurrency: 3,
      initAhead: 5,
    });
  });

  afterAll(() => aheadHost.close());

  /** A function whose code runs `atLoad` when its module loads (the Init phase) and answers with its pid. */
  function functionLoading(atLoad: string, timeoutSeconds = 30) {
    const dir = path.join(workDir, `init-code-${++folders}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'index.js'), `${atLoad}\nexports.pid = async () => ({ pid: process.pid });\n`);
    return (name: string, handler = 'index.pid'): LambdaFunctionDefinition => ({
      ...define(name, handler, timeoutSeconds),
      codeDir: dir,
    });
  }

  test('register resolves once as many environments as the concurrency allows have loaded the handler', async () => {
    // Each process appends its pid to a file when its module loads.
    const initLog = path.join(workDir, 'inits.log');
    const definition = functionLoading(
      `require('node:fs').appendFileSync(${JSON.stringify(initLog)}, process.pid + '\\n');`,
    );
    await aheadHost.register(definition('Ahead'));
    const initialised = fs.readFileSync(initLog, 'utf8').trim().split('\n');
    expect(initialised).toHaveLength(3); // initAhead 5, concurrency 3

    const answers = await Promise.all(
      [1, 2, 3].map(async () => JSON.parse((await aheadHost.invoke('Ahead', '{}')).payload) as { pid: number }),
    );
    // The three invocations ran in the environments initialised ahead; no other process loaded the module.
    expect(answers.map((answer) => String(answer.pid)).sort()).toEqual([...initialised].sort());
    expect(fs.readFileSync(initLog, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  test('a handler that fails to load in an environment initialised ahead fails its invocations', async () => {
    await aheadHost.register(functionLoading('')('AheadMissing', 'index.nothing'));
    const result = await aheadHost.invoke('AheadMissing', '{}');
    expect(result.functionError).toBe('Unhandled');
    expect((JSON.parse(result.payload) as InvokePayload).errorType).toBe('Runtime.HandlerNotFound');
  });

  test('an Init phase that does not end is stopped at the timeout: register resolves, keeping no environment', async () => {
    // Without the stop, register would never resolve (the function's create would hang the stack).
    await aheadHost.register(functionLoading('for (;;) {}', 1)('AheadHang'));
    const result = await aheadHost.invoke('AheadHang', '{}');
    // No environment was kept: the invocation starts one of its own, which hangs too, until the function's timeout.
    expect(result.functionError).toBe('Unhandled');
    expect((JSON.parse(result.payload) as InvokePayload).errorType).toBe('Sandbox.Timedout');
  });
});
