/**
 * Where custom resources send their responses: a loopback plain-http server standing in for the pre-signed S3 URL
 * CloudFormation gives as `ResponseURL`. Functions address it by a fake https host, which the runtime's redirect
 * shim sends here (see runtime/https-redirect.ts).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http-body';

/** A host name that never resolves, so a response PUT that escapes the redirect fails loudly. */
export const RESPONSE_HOST = 'cloudformation-custom-resource-response.local-cloudformation.invalid';

export class ResponseServer {
  public static async start(): Promise<ResponseServer> {
    const responses = new ResponseServer();
    await new Promise<void>((resolve) => responses.server.listen(0, '127.0.0.1', resolve));
    return responses;
  }

  private readonly server = http.createServer((request, response) => void this.receive(request, response));
  private readonly waiting = new Map<string, (body: string) => void>();

  private constructor() {}

  /** `host:port` of the server, for the redirect shim. */
  public get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
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
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async receive(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const requestId = path.split('|').pop() ?? '';
    if (request.method === 'PUT') {
      this.waiting.get(requestId)?.(body);
      this.waiting.delete(requestId);
    }
    response.writeHead(request.method === 'PUT' ? 200 : 405).end();
  }
}
