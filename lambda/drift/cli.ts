/**
 * `npx cdk-connect-campaign-limits drift --stack <name> [--region <region>] [--correct] [--json]`: the drift check of
 * a deployed stack, with the caller's own AWS credentials (the SDK's default chain). Exit status 0 when every
 * target is in sync, 1 on drift (left after `--correct`), 2 when the stack or a target could not be checked.
 * Bundled with its own SDK clients into assets/cli/index.js (scripts/bundle-handler.mjs).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ConnectCampaignsV2Client } from '@aws-sdk/client-connectcampaignsv2';
import { parseArgs } from 'node:util';
import { CampaignApi } from '../campaign-api';
import { InstanceApi } from '../instance-api';
import { logger } from '../logger';
import { RetryOptions } from '../retry';
import { StackApi } from '../stack-api';
import { checkDrift, exitStatus } from './drift-check';
import { formatJson, formatTable } from './report-format';
import { targetKinds } from './targets';

const USAGE = 'usage: cdk-connect-campaign-limits drift --stack <name> [--region <region>] [--correct] [--json]';
/** How long the reads (and corrections) keep retrying a throttled API. */
const RETRY_FOR_MS = 120_000;

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        stack: { type: 'string' },
        region: { type: 'string' },
        correct: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'drift' || !values.stack) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const fail = (reason: string): number => {
    const message = `could not check stack ${values.stack}: ${reason}`;
    if (values.json) process.stdout.write(`${JSON.stringify({ error: message, exitStatus: 2 }, null, 2)}\n`);
    else process.stderr.write(`${message}\n`);
    return 2;
  };
  logger.setLogLevel('SILENT'); // the handler's structured logs (retries) are not for a terminal
  const clientConfig = { maxAttempts: 1, ...(values.region ? { region: values.region } : {}) };
  const cloudFormation = new CloudFormationClient(clientConfig);
  // Without a region the SDK's first call fails with "Region is missing", which says nothing of --region.
  const region = await cloudFormation.config.region().catch(() => undefined);
  if (!region) return fail("no AWS region: give --region <region>, or set AWS_REGION or your profile's region");
  const retry: RetryOptions = { deadline: Date.now() + RETRY_FOR_MS };
  const stack = new StackApi(cloudFormation, values.stack, retry);
  const connect = new ConnectCampaignsV2Client(clientConfig);
  const kinds = targetKinds({ campaigns: new CampaignApi(connect, retry), instances: new InstanceApi(connect, retry) });
  try {
    const report = await checkDrift(stack, kinds, { correct: values.correct });
    process.stdout.write(`${values.json ? formatJson(report) : formatTable(report)}\n`);
    return exitStatus(report);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
