/**
 * Test support: Debian's `redis-server` on 127.0.0.1, on a port of its own, with no files left
 * behind (no RDB snapshot; an append-only file only when asked, in a temporary directory).
 * Redis cannot pick a free port itself, so a port is tried and, taken, the next one (bounded).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM), waiting for it to exit. */
  stop(): Promise<void>;
  /** Stops it hard (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (its AOF, if any, read back). */
  restart(): Promise<void>;
}

const attempts = 8;

export async function startRedisServer(options: { appendOnly?: boolean } = {}): Promise<RedisServer> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-redis-'));
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      let child = await launch(port, directory, options.appendOnly === true);
      const exited = (process: ChildProcess, signal: NodeJS.Signals) =>
        new Promise<void>((resolve) => {
          if (process.exitCode !== null || process.signalCode !== null) return resolve();
          process.once('exit', () => resolve());
          process.kill(signal);
        });
      return {
        url: `redis://127.0.0.1:${String(port)}`,
        port,
        stop: async () => {
          await exited(child, 'SIGTERM');
          fs.rmSync(directory, { recursive: true, force: true });
        },
        kill: () => exited(child, 'SIGKILL'),
        restart: async () => {
          child = await launch(port, directory, options.appendOnly === true);
        },
      };
    } catch (error) {
      lastError = error as Error;
    }
  }
  fs.rmSync(directory, { recursive: true, force: true });
  throw lastError ?? new Error('redis-server did not start');
}

function launch(port: number, directory: string, appendOnly: boolean): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      directory,
      '--save',
      '',
      '--appendonly',
      appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'always',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s: ${output}`));
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited: ${output.slice(-500)}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
