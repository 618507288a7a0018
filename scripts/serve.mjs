// `npm run serve -- [--port n] [--data-dir dir]` (the script names the `serve` command) and
// `npm run cli -- <command> …` (no command: usage, exit 2): builds if sources changed, then runs
// the headless shell's command line in this process, so the first stdout line of `serve` is the
// address to open.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll, isBuildStale } from './build.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (isBuildStale()) await buildAll();
// The CommonJS bundle starts itself and reads process.argv.
const { createRequire } = await import('node:module');
createRequire(import.meta.url)(path.join(root, 'dist/headless/cli.cjs'));
