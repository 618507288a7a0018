// Builds everything into dist/: the window (Vite) and the two shells' Node code (esbuild).
// Progress goes to stderr so `npm run serve` can keep stdout for its address line.
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** How the shells' Node code is bundled (scripts/bench.mjs bundles the benchmarks the same way). */
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
};

/**
 * The window, always with React's production build: Vite keeps a NODE_ENV already set, and the
 * end-to-end tests start `npm run serve` (which builds when stale) under vitest's NODE_ENV=test,
 * so the window they measured ran React's development build, several times slower.
 */
async function buildWindow() {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export async function buildAll() {
  const started = Date.now();
  await buildWindow();
  const common = { ...nodeBundleOptions, define: { __APP_VERSION__: JSON.stringify(pkg.version) } };
  // The OpenAPI reader's worker thread is a script of its own beside each bundle that starts it
  // (electron/services/io/openApiReader.ts looks for it next to its own __dirname).
  const openApiWorker = path.join(root, 'electron/services/io/openApiWorker.ts');
  await Promise.all([
    esbuild({
      ...common,
      entryPoints: { cli: path.join(root, 'electron/headless/cli.ts'), openApiWorker },
      outdir: path.join(root, 'dist/headless'),
      banner: { js: '#!/usr/bin/env node' },
      outExtension: { '.js': '.cjs' },
    }),
    esbuild({
      ...common,
      entryPoints: {
        main: path.join(root, 'electron/app/main.ts'),
        preload: path.join(root, 'electron/app/preload.ts'),
        openApiWorker,
      },
      outdir: path.join(root, 'dist/electron/app'),
      outExtension: { '.js': '.cjs' },
    }),
  ]);
  fs.writeFileSync(path.join(root, 'dist/.build-stamp'), String(Date.now()));
  process.stderr.write(`built dist/ in ${Date.now() - started} ms\n`);
}

/** True when a source file is newer than the last build. */
export function isBuildStale() {
  const stamp = path.join(root, 'dist/.build-stamp');
  if (!fs.existsSync(stamp)) return true;
  const builtAt = fs.statSync(stamp).mtimeMs;
  const sources = ['shared', 'electron', 'renderer', 'package.json', 'vite.config.ts'];
  const isNewer = (entry) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) return fs.readdirSync(entry).some((name) => isNewer(path.join(entry, name)));
    return stat.mtimeMs > builtAt;
  };
  return sources.some((source) => fs.existsSync(path.join(root, source)) && isNewer(path.join(root, source)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildAll().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
