/**
 * The real CDK CLI's `cdk diff` for a change of one limit (frequency 7 -> 14), offline: the old template is synthesized
 * by the CLI too, and `--template` diffs against it instead of a deployed stack, so no credentials are needed.
 * The change must read as the one field that changed, on short lines: no JSON blob of the whole limits list.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STACK_NAME } from './app';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const APP = `npx tsx ${path.join('test', 'cdk-diff', 'app.ts')}`;

/** Runs the CLI offline: a region, no credentials, no version check, notices, telemetry or instance metadata. */
function cdk(args: string[], frequency: number): string {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    NO_COLOR: '1',
    CI: 'true',
    DIFF_FREQUENCY: String(frequency),
  };
  return execFileSync(CDK, [...args, '--app', APP, '--no-notices', '--no-version-reporting'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

let output: string;

beforeAll(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-diff-'));
  try {
    cdk(['synth', '--quiet', '--output', path.join(tmp, 'old'), STACK_NAME], 7);
    const oldTemplate = path.join(tmp, 'old', `${STACK_NAME}.template.json`);
    output = cdkDiff(['diff', '--output', path.join(tmp, 'new'), '--template', oldTemplate, STACK_NAME], 14);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);

/** `cdk diff` prints to stderr or stdout depending on the CLI version: read both. */
function cdkDiff(args: string[], frequency: number): string {
  try {
    return cdk([...args, '--fail'], frequency);
  } catch (error) {
    const { stdout, stderr, status } = error as { stdout: string; stderr: string; status: number };
    // --fail: exit code 1 means "there are differences", which is what we expect.
    if (status !== 1) throw error;
    return `${stdout}${stderr}`;
  }
}

test('the changed field appears on one short removed line and one short added line', () => {
  const lines = output.split('\n');
  const removed = lines.findIndex((line) => /\[-\]\s+"Frequency": 7,$/.test(line));
  const added = lines.findIndex((line) => /\[\+\]\s+"Frequency": 14,$/.test(line));
  expect({ removed, added }).toEqual({ removed: expect.any(Number), added: removed + 1 });
  expect(removed).toBeGreaterThan(0);
  expect(lines[removed].length).toBeLessThan(120);
  expect(lines[added].length).toBeLessThan(120);
});

test('only the custom resource changes, and only that field', () => {
  const changedResources = output.split('\n').filter((line) => /^\[[~+-]\] /.test(line));
  expect(changedResources).toEqual([
    expect.stringMatching(/^\[~\] Custom::ConnectCampaignCommunicationLimits OutreachLimits\/Resource /),
  ]);
  const changedLines = output.split('\n').filter((line) => /\[[+-]\]\s+"/.test(line));
  expect(changedLines).toHaveLength(2);
});

test('no line is a JSON blob', () => {
  const longest = Math.max(...output.split('\n').map((line) => line.length));
  expect(longest).toBeLessThan(400);
  expect(output).not.toMatch(/\{"MaxCountPerRecipient"/);
});
