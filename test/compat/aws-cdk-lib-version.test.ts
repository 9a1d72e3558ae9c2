/**
 * Which aws-cdk-lib a test run really loads: the lowest supported (the `aws-cdk-lib` devDependency) under
 * jest.config.js, the newest (the `aws-cdk-lib-newest` alias) under jest.newest-cdk.config.js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

declare const AWS_CDK_LIB_UNDER_TEST: string | undefined;
const underTest = typeof AWS_CDK_LIB_UNDER_TEST === 'string' ? AWS_CDK_LIB_UNDER_TEST : 'aws-cdk-lib';

/** The exact version a devDependency pins, alias or not (`2.257.0`, `npm:aws-cdk-lib@2.276.0`). */
function pinned(name: string): string {
  const spec = pkg.devDependencies[name];
  return spec.replace(/^npm:aws-cdk-lib@/, '');
}

test(`loads the aws-cdk-lib of ${underTest}`, () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('aws-cdk-lib/package.json') as { name: string; version: string };
  expect(loaded.version).toBe(pinned(underTest));
  expect(require.resolve('aws-cdk-lib')).toContain(`${path.sep}node_modules${path.sep}${underTest}${path.sep}`);
  expect(new App().node).toBeDefined();
});

test('the versions tested are the ends of the supported range', () => {
  expect(pkg.peerDependencies['aws-cdk-lib']).toBe(`^${pinned('aws-cdk-lib')}`);
  expect(pinned('aws-cdk-lib-newest')).toMatch(/^2\.\d+\.\d+$/);
});
