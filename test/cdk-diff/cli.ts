/**
 * The real CDK CLI, run offline on the app in app.ts: a region, no credentials, no version check, notices,
 * telemetry or instance metadata. `--template` diffs against a template file instead of a deployed stack.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const APP = `npx tsx ${path.join('test', 'cdk-diff', 'app.ts')}`;

/** What the app declares: the first limit's frequency, and whether a second campaign is added. */
export interface DiffAppOptions {
  readonly frequency: number;
  readonly addCampaign?: boolean;
}

export function cdk(args: string[], options: DiffAppOptions): string {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    NO_COLOR: '1',
    CI: 'true',
    DIFF_FREQUENCY: String(options.frequency),
    DIFF_ADD_CAMPAIGN: String(options.addCampaign ?? false),
  };
  return execFileSync(CDK, [...args, '--app', APP, '--no-notices', '--no-version-reporting'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

/** `cdk diff --fail`: exit code 1 means "there are differences". It prints to stderr or stdout depending on the CLI version: both are read. */
export function cdkDiff(args: string[], options: DiffAppOptions): string {
  try {
    return cdk([...args, '--fail'], options);
  } catch (error) {
    const { stdout, stderr, status } = error as { stdout: string; stderr: string; status: number };
    if (status !== 1) throw error;
    return `${stdout}${stderr}`;
  }
}
