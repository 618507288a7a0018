// `npm run dev`: rebuilds on change and serves the app. The window is rebuilt by `vite build
// --watch` (the same static build both shells load) and the headless shell serves it, so a
// browser reload shows a change; restart `npm run dev` after changing electron/ or shared/.
// With the Electron binary present, `npm start` opens the desktop window on the same build.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await buildAll();
const children = [
  spawn(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--watch', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  ),
  spawn(process.execPath, [path.join(root, 'dist/headless/cli.cjs'), 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
