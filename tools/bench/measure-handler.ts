/**
 * Figure 5: the Lambda code each variant deploys (sizes of the assets in the cloud assembly) and its cold
 * module-initialisation time: `require` of the handler module in a fresh Node process, median of several.
 *
 * Lambda's Node.js runtime provides AWS SDK v3 clients; here NODE_PATH points at this repository's node_modules,
 * playing that part. `AwsCustomResource`'s handler loads the service client only when invoked, so its time is
 * given both for the module alone and with the `@aws-sdk/client-connectcampaignsv2` require that its first
 * invocation does. The provider framework (ours only) loads `@aws-sdk/client-lambda` and `@aws-sdk/client-sfn` at
 * module load; the latter is not installed here and is replaced by an empty stub, so its time is a lower bound.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTemplate } from './measure-template';
import { median, progress, removeDir, ROOT, runNode, tempDir } from './util';

export interface LambdaCode {
  readonly logicalId: string;
  /** `index.handler`, `framework.onEvent`, ... */
  readonly handler: string;
  /** The asset folder in the assembly. */
  readonly assetDir: string;
  /** Total bytes of the files in the asset folder (what is zipped and uploaded). */
  readonly bytes: number;
  /** The module Lambda loads. */
  readonly entryFile: string;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

/** The code of every Lambda function of the stack, found through the assembly's asset manifest. */
export function lambdaCode(assemblyDir: string, stackName: string): LambdaCode[] {
  const { template } = readTemplate(assemblyDir, stackName);
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, `${stackName}.assets.json`), 'utf8')) as {
    files: Partial<Record<string, { source: { path: string } }>>;
  };
  const result: LambdaCode[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const properties = resource.Properties ?? {};
    const key = (properties.Code as { S3Key?: string } | undefined)?.S3Key ?? '';
    const hash = key.replace(/\.zip$/, '');
    const source = manifest.files[hash]?.source.path;
    if (!source) continue;
    const assetDir = path.join(assemblyDir, source);
    const handler = String(properties.Handler);
    const entryFile = path.join(assetDir, `${handler.slice(0, handler.lastIndexOf('.'))}.js`);
    result.push({ logicalId, handler, assetDir, bytes: folderBytes(assetDir), entryFile });
  }
  return result;
}

export interface ColdInit {
  /** Median milliseconds of `require(entry)`. */
  readonly moduleMs: number;
  /** Median milliseconds of `require(entry)` followed by the extra requires (for example the SDK client). */
  readonly withExtraMs: number;
  readonly samples: readonly { moduleMs: number; withExtraMs: number }[];
}

const PROBE = `
const { performance } = require('node:perf_hooks');
const [entry, ...extra] = JSON.parse(process.argv[1]);
const t0 = performance.now();
require(entry);
const t1 = performance.now();
for (const name of extra) require(name);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ moduleMs: t1 - t0, withExtraMs: t2 - t0 }) + '\\n');
`;

/** Requires `entryFile` (then `extraRequires`) in `runs` fresh Node processes. */
export async function coldInit(
  entryFile: string,
  extraRequires: readonly string[],
  runs: number,
  nodePath: readonly string[],
): Promise<ColdInit> {
  const samples: { moduleMs: number; withExtraMs: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const result = await runNode(['-e', PROBE, JSON.stringify([entryFile, ...extraRequires])], 60_000, {
      NODE_PATH: nodePath.join(path.delimiter),
    });
    if (result.code !== 0) throw new Error(`cold init of ${entryFile} failed: ${result.stderr.slice(-1500)}`);
    samples.push(JSON.parse(result.stdout.trim()) as { moduleMs: number; withExtraMs: number });
  }
  return {
    moduleMs: median(samples.map((s) => s.moduleMs)),
    withExtraMs: median(samples.map((s) => s.withExtraMs)),
    samples,
  };
}

export interface HandlerFigures {
  /** This library's handler, assets/on-event/index.js, as staged in the assembly. */
  readonly oursHandler: LambdaCode & { readonly init: ColdInit };
  /** The provider framework's onEvent function (a second Lambda, ours only). */
  readonly oursFramework?: LambdaCode & { readonly init: ColdInit };
  /** AwsCustomResource's singleton handler; `withExtraMs` includes requiring the service client. */
  readonly awscrHandler: LambdaCode & { readonly init: ColdInit };
}

export async function measureHandlers(
  oursAssembly: { dir: string; stackName: string },
  awscrAssembly: { dir: string; stackName: string },
  runs: number,
): Promise<HandlerFigures> {
  const nodeModules = path.join(ROOT, 'node_modules');
  const ours = lambdaCode(oursAssembly.dir, oursAssembly.stackName);
  const awscr = lambdaCode(awscrAssembly.dir, awscrAssembly.stackName);
  const oursHandler = ours.find((code) => code.handler === 'index.handler');
  const oursFramework = ours.find((code) => code.handler.startsWith('framework.'));
  const awscrHandler = awscr.at(0);
  if (!oursHandler || !awscrHandler) throw new Error('handler assets not found in the assemblies');

  progress(`cold init: ours handler (${oursHandler.bytes} bytes), ${runs} runs`);
  const oursInit = await coldInit(oursHandler.entryFile, [], runs, [nodeModules]);
  progress(`cold init: AwsCustomResource handler (${awscrHandler.bytes} bytes), ${runs} runs`);
  const awscrInit = await coldInit(awscrHandler.entryFile, ['@aws-sdk/client-connectcampaignsv2'], runs, [nodeModules]);

  let framework: (LambdaCode & { init: ColdInit }) | undefined;
  if (oursFramework) {
    const stubs = tempDir('sfn-stub');
    try {
      const stubDir = path.join(stubs, '@aws-sdk', 'client-sfn');
      fs.mkdirSync(stubDir, { recursive: true });
      fs.writeFileSync(path.join(stubDir, 'index.js'), 'exports.SFN = class SFN {};\n');
      progress(`cold init: provider framework (${oursFramework.bytes} bytes), ${runs} runs`);
      framework = { ...oursFramework, init: await coldInit(oursFramework.entryFile, [], runs, [nodeModules, stubs]) };
    } finally {
      removeDir(stubs);
    }
  }
  return {
    oursHandler: { ...oursHandler, init: oursInit },
    oursFramework: framework,
    awscrHandler: { ...awscrHandler, init: awscrInit },
  };
}
