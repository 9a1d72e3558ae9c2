/**
 * Where custom resources send their responses: a loopback plain-http server standing in for the pre-signed S3 URL
 * CloudFormation gives as `ResponseURL`. Functions address it by a fake https host, which the runtime's redirect
 * shim sends here (see runtime/https-redirect.ts).
 */
import * as http from 'node:http';
import { LoopbackServer, readBody } from './loopback-http';

/** A host name that never resolves, so a response PUT that escapes the redirect fails loudly. */
export const RESPONSE_HOST = 'cloudformation-custom-resource-response.local-cloudformation.invalid';

/** A response PUT as it arrived: whose, and how big its body was (CloudFormation's limit is on these bytes). */
export interface ReceivedResponse {
  readonly stackId: string;
  readonly logicalId: string;
  readonly requestId: string;
  /** The body's length in bytes, as sent in `content-length`. */
  readonly bytes: number;
  readonly body: string;
}

export class ResponseServer {
  public static async start(): Promise<ResponseServer> {
    const waiting = new Map<string, (body: string) => void>();
    const received: ReceivedResponse[] = [];
    const server = await LoopbackServer.start(
      (request, response) => void receive(waiting, received, request, response),
    );
    return new ResponseServer(server, waiting, received);
  }

  private constructor(
    private readonly server: LoopbackServer,
    private readonly waiting: Map<string, (body: string) => void>,
    /** Every response PUT so far, oldest first. */
    public readonly received: ReceivedResponse[],
  ) {}

  /** `host:port` of the server, for the redirect shim. */
  public get address(): string {
    return this.server.host;
  }

  /** A ResponseURL shaped like CloudFormation's: `https://<host>/<stack id>|<logical id>|<request id>?<signature>`. */
  public responseUrl(stackId: string, logicalId: string, requestId: string): string {
    return `https://${RESPONSE_HOST}/${encodeURIComponent(`${stackId}|${logicalId}|${requestId}`)}?X-Amz-Signature=local`;
  }

  /** The body of the next response PUT for the request. */
  public expect(requestId: string): Promise<string> {
    return new Promise((resolve) => this.waiting.set(requestId, resolve));
  }

  /** Stops waiting for the request's response (a later one is accepted and ignored, as S3 would). */
  public forget(requestId: string): void {
    this.waiting.delete(requestId);
  }

  public close(): Promise<void> {
    return this.server.close();
  }
}

/** Hands a response PUT to whoever waits for its request id. */
async function receive(
  waiting: Map<string, (body: string) => void>,
  received: ReceivedResponse[],
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const [stackId = '', logicalId = '', requestId = ''] = path.slice(1).split('|');
  if (request.method === 'PUT') {
    received.push({ stackId, logicalId, requestId, bytes: Buffer.byteLength(body, 'utf8'), body });
    waiting.get(requestId)?.(body);
    waiting.delete(requestId);
  }
  response.writeHead(request.method === 'PUT' ? 200 : 405).end();
}
