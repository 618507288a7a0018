// `npm run bench [-- name]`: bundles the benchmarks with esbuild the way scripts/build.mjs bundles
// the shells (our code and its libraries in one module, for Node 20), then runs them with node.
// Users run bundled code; run from the sources through a TypeScript loader, every call between
// two of our modules goes through that loader's export getters, and the engine measured ~15 µs
// per step slower than the code that ships.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, 'test-results', 'bench', 'run.mjs');

await esbuild({
  entryPoints: [path.join(root, 'test/bench/run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // ES module: the runner starts each benchmark as this same file (import.meta.url).
  format: 'esm',
  // Bundled CommonJS libraries still `require` Node's own modules.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
  // Loaded from node_modules as the shells load them (native code, files beside their scripts),
  // or not part of the product (the browser the canvas benchmark drives).
  external: ['electron', 'better-sqlite3', 'playwright-core', 'bullmq', 'ioredis'],
});

const child = spawn(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => {
  process.exitCode = code ?? 1;
});
