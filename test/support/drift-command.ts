/**
 * Runs the shipped drift command (assets/cli/index.js, the package's `bin`) in a child process against the local
 * runner's CloudFormation API and the Connect Campaigns V2 emulator, through the SDK's own endpoint variables.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Harness } from './lifecycle-harness';

export const COMMAND = path.join(__dirname, '../../assets/cli/index.js');

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
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
  return new Promise((resolve) => {
    execFile(process.execPath, [COMMAND, ...args], { env }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}
