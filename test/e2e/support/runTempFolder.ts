/**
 * The end-to-end run's temporary folder, and the servers left running at its end.
 *
 * Every file makes data folders, exports and downloads under `os.tmpdir()` (about ninety a run)
 * and most leave them, as a test that failed should leave what it made for a look. They all go
 * under one folder made for the run and removed at its end — `TMPDIR`, read by `os.tmpdir()` in
 * the test processes and inherited by the servers, command lines and browsers they start. Set
 * `RBD_E2E_KEEP_TMP=1` to keep it.
 *
 * A server a file started and did not stop (serveProcess.ts notes each while it runs) is stopped
 * here, and said, instead of serving on after the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runningServersVariable } from './serveProcess';

export default function setup(): () => Promise<void> {
  const before = process.env.TMPDIR;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-tmp-'));
  const servers = path.join(folder, 'running-servers');
  fs.mkdirSync(servers);
  process.env.TMPDIR = folder;
  process.env[runningServersVariable] = servers;
  return async () => {
    const left = fs.readdirSync(servers).map(Number).filter(Number.isInteger);
    if (left.length > 0) {
      console.warn(`e2e: stopping ${String(left.length)} server(s) left running: ${left.join(', ')}`);
      await Promise.all(left.map(stopProcessGroup));
    }
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.RBD_E2E_KEEP_TMP === '1') console.warn(`e2e: kept ${folder}`);
    else fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  };
}

/** SIGTERM to the group, SIGKILL after 5 s if it is still there. */
async function stopProcessGroup(pid: number): Promise<void> {
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  for (let tries = 0; tries < 100; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (!signal(0)) return;
  }
  signal('SIGKILL');
}
