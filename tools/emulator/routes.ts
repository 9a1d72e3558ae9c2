/** restJson1 routing: HTTP method and URI template of each emulated operation (from the model's `http` traits). */
import { ServiceError } from './errors';
import type { OperationName } from './types';

interface Route {
  operation: OperationName;
  method: string;
  /** Path segments; `{name}` is a label. */
  segments: readonly string[];
}

const route = (operation: OperationName, method: string, uri: string): Route => ({
  operation,
  method,
  segments: uri.split('/').slice(1),
});

const ROUTES: readonly Route[] = [
  route('UpdateCampaignCommunicationLimits', 'POST', '/v2/campaigns/{id}/communication-limits'),
  route('DeleteCampaignCommunicationLimits', 'DELETE', '/v2/campaigns/{id}/communication-limits'),
  route('DescribeCampaign', 'GET', '/v2/campaigns/{id}'),
  route('GetCampaignState', 'GET', '/v2/campaigns/{id}/state'),
  route('PutInstanceCommunicationLimits', 'PUT', '/v2/connect-instance/{connectInstanceId}/communication-limits'),
  route('GetInstanceCommunicationLimits', 'GET', '/v2/connect-instance/{connectInstanceId}/communication-limits'),
  route('TagResource', 'POST', '/v2/tags/{arn}'),
  route('UntagResource', 'DELETE', '/v2/tags/{arn}'),
];

const isLabel = (segment: string): boolean => segment.startsWith('{');

export interface RouteMatch {
  operation: OperationName;
  /** Label values as they appear in the path, still percent-encoded. */
  rawLabels: Record<string, string>;
}

/** Finds the operation for a request, or `undefined` when none matches. */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/').slice(1);
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.segments.length !== segments.length) continue;
    if (!candidate.segments.every((expected, i) => isLabel(expected) || expected === segments[i])) continue;
    const rawLabels: Record<string, string> = {};
    candidate.segments.forEach((expected, i) => {
      if (isLabel(expected)) rawLabels[expected.slice(1, -1)] = segments[i];
    });
    return { operation: candidate.operation, rawLabels };
  }
  return undefined;
}

/**
 * Decodes label values (a campaign id `a/b` arrives as `a%2Fb`).
 * @throws ServiceError ValidationException when a value is not valid percent-encoding
 */
export function decodeLabels(rawLabels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rawLabels).map(([name, raw]) => {
      try {
        return [name, decodeURIComponent(raw)];
      } catch {
        throw new ServiceError('ValidationException', `Malformed percent-encoding in '${name}': ${raw}`);
      }
    }),
  );
}
