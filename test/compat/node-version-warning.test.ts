/**
 * `npm test` does not print the SDK's NodeVersionSupportWarning once per test file: the jest setup sets the SDK's own
 * switch for the test processes. The library and the handler never set it, so users' code still gets the warning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const ROOT = path.join(__dirname, '..', '..');

test('creating an SDK client in a test emits no NodeVersionSupportWarning', () => {
  const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    jest.isolateModules(() => {
      // A fresh module registry: the SDK's once-per-process state starts anew, as in every test file.
      const { ConnectCampaignsV2Client } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the SDK afresh is the test
        require('@aws-sdk/client-connectcampaignsv2') as typeof import('@aws-sdk/client-connectcampaignsv2');
      new ConnectCampaignsV2Client({ region: 'us-east-1' });
    });
    const warnings = emitWarning.mock.calls.map(([warning]) => String(warning));
    expect(warnings.filter((warning) => warning.includes('NodeVersionSupportWarning'))).toEqual([]);
  } finally {
    emitWarning.mockRestore();
  }
});

test('the switch is set for the tests only: no product source sets it', () => {
  const sources = ['lib', 'lambda', 'bin'].flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => path.join(ROOT, dir, file)),
  );
  expect(sources.length).toBeGreaterThan(5);
  expect(sources.filter((file) => fs.readFileSync(file, 'utf8').includes(SWITCH))).toEqual([]);
});
