/**
 * A loopback endpoint of the Lambda API (restJson1) for the functions of a LambdaHost: Invoke and GetFunction,
 * which is what the provider framework's `@aws-sdk/client-lambda` calls (Invoke, and its FunctionActiveV2 waiter).
 */
import * as http from 'node:http';
import { LoopbackServer, readBody } from './loopback-http';
import { FunctionNotFoundError, LambdaFunctionDefinition, LambdaHost } from './lambda-host';

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const GET_FUNCTION = /^\/2015-03-31\/functions\/([^/]+)$/;

/** The part of a LambdaHost the API serves. */
export type FunctionDirectory = Pick<LambdaHost, 'find' | 'invoke'>;

export class LambdaApi {
  public static async start(host: FunctionDirectory): Promise<LambdaApi> {
    const server = await LoopbackServer.start((request, response) => {
      void handle(host, request, response).catch((error: unknown) => {
        sendError(response, 500, 'ServiceException', error instanceof Error ? error.message : String(error));
      });
    });
    return new LambdaApi(server);
  }

  private constructor(private readonly server: LoopbackServer) {}

  /** The endpoint URL, for `AWS_ENDPOINT_URL_LAMBDA`. */
  public get url(): string {
    return this.server.url;
  }

  public close(): Promise<void> {
    return this.server.close();
  }
}

async function handle(
  host: FunctionDirectory,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const invoke = request.method === 'POST' ? INVOKE.exec(path) : null;
  if (invoke) return invokeFunction(host, decodeURIComponent(invoke[1]), request, body, response);
  const getFunction = request.method === 'GET' ? GET_FUNCTION.exec(path) : null;
  if (getFunction) {
    describeFunction(host, decodeURIComponent(getFunction[1]), response);
    return;
  }
  sendError(response, 404, 'UnknownOperationException', `${request.method} ${path} is not emulated`);
}

async function invokeFunction(
  host: FunctionDirectory,
  functionName: string,
  request: http.IncomingMessage,
  payload: string,
  response: http.ServerResponse,
): Promise<void> {
  if (!host.find(functionName)) {
    sendError(response, 404, 'ResourceNotFoundException', notFound(functionName));
    return;
  }
  const invocationType = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  if (invocationType === 'DryRun') return void response.writeHead(204).end();
  const invocation = host.invoke(functionName, payload || '{}');
  if (invocationType === 'Event') {
    invocation.catch(() => undefined); // fire and forget, as Lambda does
    return void response.writeHead(202).end();
  }
  try {
    const result = await invocation;
    response.writeHead(200, {
      'content-type': 'application/json',
      'x-amz-executed-version': '$LATEST',
      ...(result.functionError ? { 'x-amz-function-error': result.functionError } : {}),
    });
    response.end(result.payload);
  } catch (error) {
    if (!(error instanceof FunctionNotFoundError)) throw error;
    sendError(response, 404, 'ResourceNotFoundException', error.message);
  }
}

function describeFunction(host: FunctionDirectory, functionName: string, response: http.ServerResponse): void {
  const definition = host.find(functionName);
  if (!definition) {
    sendError(response, 404, 'ResourceNotFoundException', notFound(functionName));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ Configuration: configurationOf(definition) }));
}

function configurationOf(definition: LambdaFunctionDefinition): Record<string, unknown> {
  return {
    FunctionName: definition.name,
    FunctionArn: definition.arn,
    Runtime: definition.runtime,
    Handler: definition.handler,
    Timeout: definition.timeoutSeconds,
    MemorySize: definition.memorySize,
    Version: '$LATEST',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    Environment: { Variables: definition.environment },
  };
}

function notFound(functionName: string): string {
  return `Function not found: ${functionName}`;
}

function sendError(response: http.ServerResponse, status: number, errorType: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType });
  response.end(JSON.stringify({ Type: 'User', message }));
}
