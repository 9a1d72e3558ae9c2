/**
 * What `npm pack` ships: the compiled library, its jsii assembly, the bundled handler and drift command, and the
 * documents, and nothing
 * of the tests, the example app, the handler's sources, the emulator or the local CloudFormation runner.
 * Runs after `npm run build` (as `npm test` does): it checks the built files, it does not build them.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

let files: string[];

beforeAll(() => {
  // --ignore-scripts: `prepare` would build again; the files are already built.
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  files = (JSON.parse(json) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path).sort();
}, 60_000);

test('ships the library, its assembly, the handler and command bundles and the documents', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'package.json',
      'README.md',
      'LICENSE',
      'API.md',
      '.jsii',
      'assets/on-event/index.js',
      'assets/cli/index.js',
      'lib/index.js',
      'lib/index.d.ts',
    ]),
  );
});

test('ships the compiled form of every library source, and no TypeScript source', () => {
  const sources = fs
    .readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => `lib/${file.split(path.sep).join('/').replace(/\.ts$/, '')}`);
  expect(sources.length).toBeGreaterThan(0);
  for (const source of sources) expect(files).toEqual(expect.arrayContaining([`${source}.js`, `${source}.d.ts`]));
  expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
});

test('ships nothing else: no tests, example app, handler sources, emulator, runner, scripts or build output', () => {
  const allowed =
    /^(package\.json|README\.md|LICENSE|API\.md|\.jsii|assets\/(on-event|cli)\/index\.js|lib\/.+\.(js|d\.ts))$/;
  expect(files.filter((file) => !allowed.test(file))).toEqual([]);
  const excluded = /^(test|bin|lambda|emulator|local-cloudformation|scripts|bench|dist|cdk\.out|node_modules)\//;
  expect(files.filter((file) => excluded.test(file))).toEqual([]);
});

test('the drift command is the package bin, an executable bundle with its own SDK clients', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(manifest.bin).toEqual({ 'cdk-connect-campaign-limits': 'assets/cli/index.js' });
  const bundle = path.join(ROOT, 'assets/cli/index.js');
  expect(fs.readFileSync(bundle, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  const usage = execFileSync(bundle, ['--help'], { encoding: 'utf8' });
  expect(usage).toContain('usage: cdk-connect-campaign-limits drift --stack <name>');
});
