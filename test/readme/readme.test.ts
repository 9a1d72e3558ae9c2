/**
 * The README's TypeScript usage example is this folder's usage-example.ts, which `npm run typecheck` compiles and
 * this test runs: the example in the front door always compiles and synthesizes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const README = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const EXAMPLE = fs.readFileSync(path.join(__dirname, 'usage-example.ts'), 'utf8');
const DRIFT_EXAMPLE = fs.readFileSync(path.join(__dirname, 'drift-example.ts'), 'utf8');
const INSTANCE_EXAMPLE = fs.readFileSync(path.join(__dirname, 'instance-example.ts'), 'utf8');

test('the README shows usage-example.ts, importing the package by name', () => {
  const asPublished = EXAMPLE.replace("from '../../lib'", "from 'cdk-connect-campaign-limits'");
  expect(README).toContain('```ts\n' + asPublished + '```');
});

test('the README shows instance-example.ts, importing the package by name', () => {
  const asPublished = INSTANCE_EXAMPLE.replace("from '../../lib'", "from 'cdk-connect-campaign-limits'");
  expect(README).toContain('```ts\n' + asPublished + '```');
});

test.each(['./usage-example', './instance-example'])('the example %s synthesizes', (example) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- running the example module is the test
  expect(() => require(example)).not.toThrow();
});

test('the README shows drift-example.ts (the drift check and an alarm on its metric), and it synthesizes', () => {
  const asPublished = DRIFT_EXAMPLE.replace("from '../../lib'", "from 'cdk-connect-campaign-limits'");
  expect(README).toContain('```ts\n' + asPublished + '```');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- running the example module is the test
  expect(() => require('./drift-example')).not.toThrow();
});
