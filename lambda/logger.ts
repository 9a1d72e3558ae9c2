/** The handler's one structured logger: a JSON line per entry, the Lambda request id on every line. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'connect-campaign-communication-limits' });

/** The parts of a CloudFormation event worth logging. The ResponseURL (a presigned S3 URL) is never logged. */
export function describeEvent(event: { readonly [key: string]: unknown }): Record<string, unknown> {
  const { ResponseURL: _redacted, ServiceToken: _token, ...rest } = event;
  return { ...rest, ResponseURL: '(redacted)' };
}
