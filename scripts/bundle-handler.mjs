// Bundles the Lambda handler with its own pinned SDK client into assets/on-event/index.js.
// Run by `npm run build`; the construct deploys that folder as the function's code.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  entryPoints: [join(root, 'lambda/on-event.ts')],
  outfile: join(root, 'assets/on-event/index.js'),
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  mainFields: ['module', 'main'], // the SDK's ES modules tree-shake better
  minify: true,
  keepNames: true, // error class names reach the FAILED reason
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`bundled lambda/on-event.ts -> assets/on-event/index.js (${bytes} bytes)`);
