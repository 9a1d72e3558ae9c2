/**
 * The README's TypeScript example, and the example app, as a new user runs them: in an app made by `cdk init app
 * --language typescript`, whose cdk.json holds the CLI's recommended feature flags (among them
 * `@aws-cdk/core:validateAgainstDefaultRules`, which turns CloudFormation pattern warnings into synth errors). Any
 * warning or error annotation fails the test. `npm test` runs it on both aws-cdk-lib versions (the lowest, and the
 * newest through jest.newest-cdk.config.js).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CampaignLimitsExampleStack, PLACEHOLDER_CAMPAIGN_ID } from '../../bin/example-stack';

/** The context `cdk init app --language typescript` writes into cdk.json, read from the CLI package as it does. */
function cdkInitContext(): Record<string, unknown> {
  const templates = path.join(path.dirname(require.resolve('aws-cdk/package.json')), 'lib', 'init-templates');
  const template = JSON.parse(
    fs.readFileSync(path.join(templates, 'app', 'typescript', 'cdk.template.json'), 'utf8'),
  ) as {
    context?: Record<string, unknown>;
  };
  // The CLI's applyFutureFlags: the template's context, then the recommended flags.
  const flags = JSON.parse(fs.readFileSync(path.join(templates, '.recommended-feature-flags.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return { ...template.context, ...flags };
}

interface Annotation {
  readonly path: string;
  readonly type: string;
  readonly data: unknown;
}

/** Every warning and error annotation of a synthesized assembly. */
function problemsIn(outdir: string): Annotation[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { metadata?: Record<string, Array<{ type: string; data: unknown }>> }>;
  };
  return Object.values(manifest.artifacts ?? {}).flatMap((artifact) =>
    Object.entries(artifact.metadata ?? {}).flatMap(([at, entries]) =>
      entries
        .filter((e) => e.type === 'aws:cdk:warning' || e.type === 'aws:cdk:error')
        .map((e) => ({ path: at, ...e })),
    ),
  );
}

const CONTEXT = cdkInitContext();
let outdir: string;

beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-cdk-init-'));
});
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

test('the context is what cdk init writes, and it validates against the default rules', () => {
  expect(CONTEXT['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  expect(Object.keys(CONTEXT).length).toBeGreaterThan(50);
});

test('the README example synthesizes with no warning or error under the cdk init context', () => {
  // The example makes its own App, as a user's app does: the context reaches it the way the CLI passes it.
  const saved = { context: process.env.CDK_CONTEXT_JSON, outdir: process.env.CDK_OUTDIR };
  process.env.CDK_CONTEXT_JSON = JSON.stringify(CONTEXT);
  process.env.CDK_OUTDIR = outdir;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- running the example module is the test
      require('./usage-example');
    });
  } finally {
    if (saved.context === undefined) delete process.env.CDK_CONTEXT_JSON;
    else process.env.CDK_CONTEXT_JSON = saved.context;
    if (saved.outdir === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = saved.outdir;
  }
  expect(fs.existsSync(path.join(outdir, 'CampaignLimits.template.json'))).toBe(true);
  expect(problemsIn(outdir)).toEqual([]);
});

test('the example app synthesizes with no warning or error under the cdk init context', () => {
  const app = new App({ outdir, context: CONTEXT, stackTraces: false });
  new CampaignLimitsExampleStack(app, 'CampaignLimitsExample', { campaignId: PLACEHOLDER_CAMPAIGN_ID });
  app.synth();
  expect(problemsIn(outdir)).toEqual([]);
});
