/** The optional IAM check: who signed a request, what it asks for, and the AccessDeniedException when not allowed. */
import type { IncomingHttpHeaders } from 'node:http';
import { ServiceError } from './errors';
import { campaignArn, DEFAULT_REGION, type ArnLocation } from './store';
import type { AuthorizationDecision, AuthorizationRequest, OperationName } from './types';

/** The access key id in a SigV4 `Authorization` header (`AWS4-HMAC-SHA256 Credential=<id>/<date>/...`). */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** The region of a SigV4 `Authorization` header's credential scope (`Credential=<id>/<date>/<region>/...`). */
export function signingRegionOf(authorization: string | undefined): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** What to ask the authorizer about a request to `operation` with these (decoded) labels. */
export function authorizationRequest(
  operation: OperationName,
  labels: Readonly<Partial<Record<string, string>>>,
  headers: IncomingHttpHeaders,
  where: ArnLocation,
): AuthorizationRequest {
  const authorization = headers.authorization;
  const region = signingRegionOf(authorization) ?? where.region ?? DEFAULT_REGION;
  return {
    accessKeyId: accessKeyIdOf(authorization),
    action: `connect-campaigns:${operation}`,
    // TagResource and UntagResource name the resource by its ARN (Service Authorization Reference: resource type
    // `campaign`, like the other campaign actions).
    resource:
      labels.arn ?? (labels.id === undefined ? '*' : campaignArn(labels.id, { region, accountId: where.accountId })),
    operation,
  };
}

/** Throws the service's AccessDeniedException, with IAM's message, unless the decision allows the request. */
export function checkAuthorized(request: AuthorizationRequest, decision: AuthorizationDecision): void {
  const { allowed, principalArn, explicitDeny } =
    typeof decision === 'boolean' ? { allowed: decision, principalArn: undefined, explicitDeny: false } : decision;
  if (allowed) return;
  const user = principalArn ?? `anonymous (access key ${request.accessKeyId ?? 'none'})`;
  const why = explicitDeny
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${request.action} action`;
  throw new ServiceError(
    'AccessDeniedException',
    `User: ${user} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`,
  );
}
