/** The plain-http plumbing the runner's loopback endpoints share. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The whole body of a request, as UTF-8 text. */
export function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** An http server on 127.0.0.1, on a free port. */
export class LoopbackServer {
  public static async start(listener: http.RequestListener): Promise<LoopbackServer> {
    const server = http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new LoopbackServer(server);
  }

  /** `127.0.0.1:<port>`. */
  public readonly host: string;
  /** `http://127.0.0.1:<port>`. */
  public readonly url: string;

  private constructor(private readonly server: http.Server) {
    this.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.url = `http://${this.host}`;
  }

  /** Stops listening and drops open connections. */
  public close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}
