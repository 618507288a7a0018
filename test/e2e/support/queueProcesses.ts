/**
 * Queue mode as a team starts it, from the built command line: a main (`serve --queue`) and
 * workers (`worker --queue`), each its own process group, stopped with SIGTERM or killed with
 * SIGKILL as a crash would end them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { repositoryRoot, startServe, type ServeProcess } from './serveProcess';

const cli = () => path.join(repositoryRoot, 'dist', 'headless', 'cli.cjs');

export interface WorkerProcess {
  id: string;
  stderr: () => string;
  /** SIGTERM; answers the exit code once it has exited. */
  stop(): Promise<number | null>;
  /** SIGKILL. */
  kill(): Promise<void>;
}

/** `serve --queue <address>` on a data directory, with the team's key. */
export function startQueueMain(
  dataDirectory: string,
  address: string,
  teamKey: string,
): Promise<ServeProcess> {
  return startServe({
    dataDirectory,
    env: { RUNBOOK_DESIGNER_KEY: teamKey },
    command: [process.execPath, cli(), 'serve', '--queue', address],
  });
}

/** `worker --queue <address> --concurrency <n>` on a temporary data directory. */
export async function startQueueWorker(
  address: string,
  teamKey: string,
  concurrency: number,
): Promise<WorkerProcess> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-worker-'));
  const child = spawn(
    process.execPath,
    [cli(), 'worker', '--queue', address, '--concurrency', String(concurrency), '--data-dir', dataDirectory],
    {
      env: { ...process.env, RUNBOOK_DESIGNER_KEY: teamKey },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => fs.rmSync(dataDirectory, { recursive: true, force: true }));
  const line = await firstLine(child, () => stderr);
  const id = /^Runbook Designer worker (\S+) taking runs/.exec(line)?.[1];
  if (id === undefined) {
    signal(child, 'SIGKILL');
    throw new Error(`the worker printed "${line}" first; stderr:\n${stderr}`);
  }
  return {
    id,
    stderr: () => stderr,
    stop: () => {
      signal(child, 'SIGTERM');
      return exited;
    },
    kill: async () => {
      signal(child, 'SIGKILL');
      await exited;
    },
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, name);
  } catch {
    // Already gone.
  }
}

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout ?? process.stdin });
    const timer = setTimeout(
      () => reject(new Error(`the worker printed nothing in 60 s:\n${stderr()}`)),
      60_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited with ${String(code)} before printing:\n${stderr()}`));
    });
  });
}
