/**
 * `worker` started with another RUNBOOK_DESIGNER_KEY than the server's: the built command line
 * against a real `serve --queue` and redis-server. It takes no run, says why on stderr and exits
 * 2, its temporary folder removed (before, it took runs and failed every one it took).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../electron/services/queue/testSupport/redisServer';
import { cli, startQueueMain } from './support/queueProcesses';
import type { ServeProcess } from './support/serveProcess';

let redis: RedisServer;
let server: ServeProcess | undefined;
const directories: string[] = [];
const temporaryDirectory = () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-worker-key-'));
  directories.push(directory);
  return directory;
};

beforeAll(async () => {
  redis = await startRedisServer();
}, 60_000);

afterAll(async () => {
  await server?.kill();
  await redis.stop();
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

describe('a worker with another key than the server’s', () => {
  it('takes no run, says why and exits 2, its temporary folder gone', async () => {
    server = await startQueueMain(temporaryDirectory(), redis.url, 'the-team-key');
    const temporary = temporaryDirectory();
    const child = spawn(process.execPath, [cli(), 'worker', '--queue', redis.url], {
      env: { ...process.env, RUNBOOK_DESIGNER_KEY: 'another-key', TMPDIR: temporary },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      expect(await exited).toBe(2);
    } finally {
      clearTimeout(timer);
    }
    expect(stderr).toContain(
      'This worker was started with another RUNBOOK_DESIGNER_KEY than the server that queues the runs',
    );
    expect(stdout).not.toContain('taking runs');
    expect(stderr).not.toContain('Unhandled');
    expect(fs.readdirSync(temporary)).toEqual([]);
  }, 120_000);
});
