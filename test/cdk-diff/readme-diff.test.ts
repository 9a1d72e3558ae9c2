/**
 * The `cdk diff` output the README shows is the real CLI's, captured here as cdk-diff.test.ts does: for a changed
 * frequency (the hunk header and the context lines included), and for one campaign added to a stack (the
 * content-hashed policy replaced, and a DependsOn change on every construct of the stack).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STACK_NAME } from './app';
import { cdk, cdkDiff } from './cli';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

let changedFrequency: string;
let addedCampaign: string;

beforeAll(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-diff-'));
  try {
    cdk(['synth', '--quiet', '--output', path.join(tmp, 'old'), STACK_NAME], { frequency: 7 });
    const template = path.join(tmp, 'old', `${STACK_NAME}.template.json`);
    const diff = (name: string, options: Parameters<typeof cdkDiff>[1]) =>
      cdkDiff(['diff', '--output', path.join(tmp, name), '--template', template, STACK_NAME], options);
    changedFrequency = diff('frequency', { frequency: 14 });
    addedCampaign = diff('added', { frequency: 7, addCampaign: true });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);

/** The `Resources` section of a diff: from its heading to the first blank line. */
function resourcesSection(output: string): string {
  const lines = output.split('\n');
  const start = lines.indexOf('Resources');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '');
  return lines.slice(start, end).join('\n');
}

test('the README shows the real diff of a changed frequency, hunk header and context lines included', () => {
  const section = resourcesSection(changedFrequency);
  expect(section).toMatch(/└─ @@ -\d+,\d+ \+\d+,\d+ @@/);
  expect(README).toContain('```\n' + section + '\n```');
});

test('the README shows the real diff of one added campaign: the policy replaced, a DependsOn change', () => {
  const section = resourcesSection(addedCampaign);
  expect(section).toMatch(/^\[-\] AWS::IAM::Policy .* destroy$/m);
  expect(section).toMatch(/^\[\+\] AWS::IAM::Policy /m);
  expect(section).toMatch(
    /^\[~\] Custom::ConnectCampaignCommunicationLimits OutreachLimits\/Resource .*\n └─ \[~\] DependsOn$/m,
  );
  expect(README).toContain('```\n' + section + '\n```');
});
