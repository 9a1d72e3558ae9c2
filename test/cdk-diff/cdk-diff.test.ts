/**
 * The real CDK CLI's `cdk diff` for a change of one limit (frequency 7 -> 14), offline: the old template is synthesized
 * by the CLI too, and `--template` diffs against it instead of a deployed stack, so no credentials are needed.
 * The change must read as the one field that changed, on short lines: no JSON blob of the whole limits list.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STACK_NAME } from './app';
import { cdk, cdkDiff } from './cli';

let output: string;

beforeAll(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-diff-'));
  try {
    cdk(['synth', '--quiet', '--output', path.join(tmp, 'old'), STACK_NAME], { frequency: 7 });
    const oldTemplate = path.join(tmp, 'old', `${STACK_NAME}.template.json`);
    output = cdkDiff(['diff', '--output', path.join(tmp, 'new'), '--template', oldTemplate, STACK_NAME], {
      frequency: 14,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);

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
