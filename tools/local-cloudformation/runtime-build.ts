/** Compiles the child-process runtime (bootstrap, https redirect shim, Step Functions stand-in) to JavaScript. */
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export interface RuntimeFiles {
  /** The Lambda runtime loop a child process runs. */
  readonly bootstrap: string;
  /** Preloaded with `--require`: sends response PUTs to the local response server. */
  readonly httpsRedirect: string;
  /** A folder to put on NODE_PATH: holds `@aws-sdk/client-sfn` for the provider framework. */
  readonly modulesDir: string;
}

/** Writes the runtime into `outDir` (synchronously; it takes a few milliseconds). */
export function buildRuntime(outDir: string): RuntimeFiles {
  const source = (name: string) => path.join(__dirname, 'runtime', name);
  buildSync({
    entryPoints: {
      bootstrap: source('bootstrap.ts'),
      'https-redirect': source('https-redirect.ts'),
      'node_modules/@aws-sdk/client-sfn/index': source('client-sfn.ts'),
    },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  return {
    bootstrap: path.join(outDir, 'bootstrap.js'),
    httpsRedirect: path.join(outDir, 'https-redirect.js'),
    modulesDir: path.join(outDir, 'node_modules'),
  };
}
