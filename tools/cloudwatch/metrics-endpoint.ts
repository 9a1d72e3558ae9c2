/**
 * A loopback endpoint of CloudWatch's PutMetricData that records what it is sent, for tests of the scheduled drift
 * check. The SDK (`@aws-sdk/client-cloudwatch`) reaches it through `AWS_ENDPOINT_URL_CLOUDWATCH`.
 *
 * Sources: the CloudWatch API reference (PutMetricData: `Namespace`, `MetricData` of `MetricName`, `Dimensions`,
 * `Value`, `Unit`; no resource type, so IAM authorizes it on `*`, with the condition key `cloudwatch:namespace`) and
 * the protocol the 3.x client speaks (awsJson1_0 with `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, in
 * its client's runtime config). Only PutMetricData is answered; other operations get UnknownOperationException.
 * Not modelled: value limits, timestamps, storage resolution, anything read back.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthorizationDecision, AuthorizationRequest } from '../local-cloudformation';
import { accessDeniedMessage, accessKeyIdOf } from '../local-cloudformation';

/** One datum, as PutMetricData received it. */
export interface RecordedDatum {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value?: number;
  readonly unit?: string;
}

export interface MetricsEndpointOptions {
  /** Decides a caller's `cloudwatch:PutMetricData` on `*` (context `cloudwatch:namespace`). Default: allowed. */
  readonly authorize?: (request: AuthorizationRequest) => AuthorizationDecision;
}

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';

export class MetricsEndpoint {
  public static async start(options: MetricsEndpointOptions = {}): Promise<MetricsEndpoint> {
    const endpoint = new MetricsEndpoint(options);
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  private readonly data: RecordedDatum[] = [];
  private readonly server: http.Server;

  private constructor(private readonly options: MetricsEndpointOptions) {
    this.server = http.createServer((request, response) => void this.handle(request, response));
  }

  /** For `AWS_ENDPOINT_URL_CLOUDWATCH`. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Every datum received so far, oldest first. */
  public received(): readonly RecordedDatum[] {
    return [...this.data];
  }

  public close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '');
    if (target !== `${TARGET_PREFIX}PutMetricData`) {
      send(response, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
      Namespace?: string;
      MetricData?: Array<{
        MetricName?: string;
        Dimensions?: Array<{ Name: string; Value: string }>;
        Value?: number;
        Unit?: string;
      }>;
    };
    const namespace = body.Namespace ?? '';
    if (this.options.authorize) {
      const question: AuthorizationRequest = {
        accessKeyId: accessKeyIdOf(request.headers.authorization),
        action: 'cloudwatch:PutMetricData',
        resource: '*',
        context: { 'cloudwatch:namespace': namespace },
      };
      const decision = this.options.authorize(question);
      if (!decision.allowed) {
        send(response, 403, { __type: 'AccessDenied', message: accessDeniedMessage(question, decision) });
        return;
      }
    }
    for (const datum of body.MetricData ?? []) {
      this.data.push({
        namespace,
        metricName: datum.MetricName ?? '',
        dimensions: Object.fromEntries((datum.Dimensions ?? []).map((d) => [d.Name, d.Value])),
        ...(datum.Value === undefined ? {} : { value: datum.Value }),
        ...(datum.Unit === undefined ? {} : { unit: datum.Unit }),
      });
    }
    send(response, 200, {});
  }
}

function send(response: http.ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
}
