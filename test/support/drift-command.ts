/**
 * Runs the drift command in a child process: the shipped one (assets/cli/index.js, the package's `bin`) against the
 * local runner's CloudFormation API and the Connect Campaigns V2 emulator, through the SDK's own endpoint variables;
 * or its source (lambda/drift/cli.ts, through tsx) with no AWS credentials anywhere, for its entry point as a script.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Harness } from './lifecycle-harness';

const ROOT = path.join(__dirname, '../..');
export const COMMAND = path.join(ROOT, 'assets/cli/index.js');

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs Node with `args` and only the variables of `env`; answers its exit status (-1 if it had none) and output. */
function runNode(args: readonly string[], env: Record<string, string>, cwd?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...args], { env, cwd }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

export async function runDriftCommand(h: Harness, args: readonly string[]): Promise<CommandResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_ENDPOINT_URL_CLOUDFORMATION: await h.cfn.cloudFormationEndpoint(),
    AWS_ENDPOINT_URL_CONNECTCAMPAIGNSV2: h.emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDOPERATOR',
    AWS_SECRET_ACCESS_KEY: 'operator-secret',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return runNode([COMMAND, ...args], env);
}

/**
 * Runs lambda/drift/cli.ts through tsx, as a script, in a home of its own with no AWS configuration or credentials
 * and the instance metadata service disabled: no call can reach AWS.
 */
export async function runDriftSource(args: readonly string[]): Promise<CommandResult> {
  const home = mkdtempSync(path.join(tmpdir(), 'drift-cli-'));
  try {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    return await runNode([require.resolve('tsx/cli'), path.join(ROOT, 'lambda/drift/cli.ts'), ...args], env, ROOT);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
