/**
 * Starts the headless shell exactly as a user does (`npm run serve -- --port 0 --data-dir …`)
 * and reads the address from its first stdout line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { httpApi } from '../../../electron/services/testSupport/typedApi';
import type { CallInput, CallName, CallOutput } from '../../../shared/api/contract';

/** The nearest folder above this file with a package.json: the checkout, also from a bundle of this file. */
export const repositoryRoot = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(folder, 'package.json')) && path.dirname(folder) !== folder)
    folder = path.dirname(folder);
  return folder;
})();
/** The environment variable naming the folder where running servers are noted (runTempFolder.ts). */
export const runningServersVariable = 'RBD_E2E_RUNNING_SERVERS';
export const servingLine =
  /^Runbook Designer serving (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/;

export interface ServeProcess {
  /** The printed URL with the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  firstLine: string;
  stderr: () => string;
  /** How the process ended, once it has. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
  /** kill -9 of the whole process group, as a crash or an out-of-memory killer would end it. */
  kill(): Promise<void>;
}

export interface StartServeOptions {
  dataDirectory: string;
  env?: Record<string, string>;
  /** The command to run; defaults to `npm run serve`. */
  command?: string[];
  /** The port to listen on; defaults to 0 (a free one). A restart passes the port it had. */
  port?: number;
}

export async function startServe(options: StartServeOptions): Promise<ServeProcess> {
  const [command = 'npm', ...args] = options.command ?? ['npm', 'run', 'serve', '--'];
  const askedPort = String(options.port ?? 0);
  const child = spawn(command, [...args, '--port', askedPort, '--data-dir', options.dataDirectory], {
    cwd: repositoryRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const forget = rememberServer(child.pid);
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      forget();
      resolve({ code, signal });
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const firstLine = await readFirstLine(child, () => stderr);
  const match = servingLine.exec(firstLine);
  if (match === null) {
    await stopProcess(child);
    throw new Error(`serve printed "${firstLine}" first; stderr:\n${stderr}`);
  }
  const [, url = '', port = '0', token = ''] = match;
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    port: Number(port),
    token,
    firstLine,
    stderr: () => stderr,
    exited,
    stop: () => stopProcess(child),
    kill: () => killProcessGroup(child),
  };
}

/**
 * A server's process group is noted in the run's folder of servers (runTempFolder.ts) while it
 * runs: a test file stops its own in `afterAll`, but when its `beforeAll` failed after starting
 * one (Chromium did not launch, say), that `afterAll` throws at its first line and the server
 * would serve on after the run; the run's end stops those left.
 */
function rememberServer(pid: number | undefined): () => void {
  const folder = process.env[runningServersVariable];
  if (pid === undefined || folder === undefined) return () => undefined;
  const note = path.join(folder, String(pid));
  fs.writeFileSync(note, '');
  return () => fs.rmSync(note, { force: true });
}

function readFirstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout ?? process.stdin });
    const timer = setTimeout(
      () => reject(new Error(`serve printed nothing in 60 s; stderr:\n${stderr()}`)),
      60_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${String(code)} before printing; stderr:\n${stderr()}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

async function killProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const pid = child.pid;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await exited;
  // npm is only the group's leader: wait (at most 2 s) until the node process serving under it
  // is gone too, so that nothing of the old server touches the data folder after this returns.
  for (let tries = 0; tries < 100; tries += 1) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Calls the served backend's HTTP API as a script would (with the session token), typed by the
 * contract: the answer is parsed with the call's output schema; an error answer is thrown.
 */
export function callApi<K extends CallName>(
  server: ServeProcess,
  name: K,
  input: CallInput<K>,
): Promise<CallOutput<K>> {
  return httpApi(server).call(name, input);
}
