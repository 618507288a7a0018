// `npm run bench [-- name]`: bundles the benchmarks with esbuild the way scripts/build.mjs bundles
// the shells (our code and its libraries in one module, for Node 20), then runs them with node.
// Users run bundled code; run from the sources through a TypeScript loader, every call between
// two of our modules goes through that loader's export getters, and the engine measured ~18 µs
// per step slower than the code that ships.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { nodeBundleOptions } from './build.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, 'test-results', 'bench', 'run.mjs');

await esbuild({
  ...nodeBundleOptions,
  entryPoints: [path.join(root, 'test/bench/run.ts')],
  outfile,
  // ES module: the runner starts each benchmark as this same file (import.meta.url).
  format: 'esm',
  // Bundled CommonJS libraries still `require` Node's own modules.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);",
  },
  // Not part of the product: the browser driver of the canvas benchmark stays in node_modules.
  external: [...nodeBundleOptions.external, 'playwright-core'],
});

const child = spawn(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => {
  process.exitCode = code ?? 1;
});
