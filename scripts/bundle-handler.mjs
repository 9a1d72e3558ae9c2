// Bundles the Lambda handler, and the drift command, each with its own pinned SDK clients:
// assets/on-event/index.js (the construct deploys that folder as the function's code) and assets/cli/index.js
// (package.json `bin`). Run by `npm run build`.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundles = [
  { entry: 'lambda/on-event.ts', outfile: 'assets/on-event/index.js', target: 'node22' },
  {
    entry: 'lambda/drift/cli.ts',
    outfile: 'assets/cli/index.js',
    target: 'node20',
    banner: '#!/usr/bin/env node',
    executable: true,
  },
];
for (const { entry, outfile, target, banner, executable } of bundles) {
  const result = await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target,
    format: 'cjs',
    mainFields: ['module', 'main'], // the SDK's ES modules tree-shake better
    minify: true,
    keepNames: true, // error class names reach the FAILED reason
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    ...(banner ? { banner: { js: banner } } : {}),
  });
  if (executable) chmodSync(join(root, outfile), 0o755);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`bundled ${entry} -> ${outfile} (${bytes} bytes)`);
}
