/**
 * What a user sees when installing the packed library: `npm pack`, then `npm install` of the tarball (with its peer
 * dependencies) into a fresh project. npm must print no warning caused by this package (npm 11 names a dependency's
 * install scripts, `prepare` among them, in an `install-scripts` warning), and the installed package must load.
 * Runs after `npm run build` (as `npm test` does): it packs the built files, it does not build them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  devDependencies: Record<string, string>;
};

let tmp: string;
let output: string;
let project: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-install-'));
  // --ignore-scripts: `prepack` would build again; the files are already built.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as Array<{ filename: string }>;
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'new-user', version: '1.0.0', private: true }),
  );
  // The peers at the versions this repository installs, so that npm finds them in its cache.
  const peers = ['aws-cdk-lib', 'constructs'].map((name) => `${name}@${PACKAGE.devDependencies[name]}`);
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(tmp, packed[0].filename), ...peers],
    { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  output = `${install.stdout}${install.stderr}`;
  expect({ status: install.status, output }).toMatchObject({ status: 0 });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('npm prints no warning that names this package', () => {
  const warnings = output.split('\n').filter((line) => /\bwarn\b/i.test(line));
  expect(warnings.filter((line) => line.includes(PACKAGE.name))).toEqual([]);
  // An install-scripts warning lists the packages on the lines after it: none of them may be this one.
  expect(output).not.toMatch(new RegExp(`${PACKAGE.name}@[^\\s]+ \\((preinstall|install|postinstall|prepare):`));
});

test('the installed package loads and names its construct', () => {
  const loaded = execFileSync(
    process.execPath,
    ['-e', `console.log(typeof require(${JSON.stringify(PACKAGE.name)}).CampaignCommunicationLimits)`],
    { cwd: project, encoding: 'utf8' },
  );
  expect(loaded.trim()).toBe('function');
});
