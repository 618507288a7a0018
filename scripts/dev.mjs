// `npm run dev`: rebuilds the window on change and runs the app on that build.
// Why not Vite's dev server: both shells load dist/renderer from their own origin (app:// in
// Electron, the headless server's in the browser) with a strict CSP and the API on that origin,
// which a separate dev-server origin would break. So `vite build --watch` rewrites dist/renderer
// and `npm start` runs the app on it: the desktop window where the Electron binary is installed,
// else the headless shell in the browser. Reload the page (Ctrl+R) to see a change; restart
// `npm run dev` after changing electron/ (the backend is built once, at start).
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
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  ),
  spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  }),
];
const stop = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
