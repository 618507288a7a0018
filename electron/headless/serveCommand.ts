/**
 * `serve`: the shared backend behind the HTTP transport, until SIGINT or SIGTERM. The address is
 * printed as the first line on stdout once the server is ready to be stopped, so scripts can
 * read it; in queue mode, another main holding the Redis lease stops this one first.
 */
import path from 'node:path';
import { AppError } from '../../shared/api/appError';
import type { Backend } from '../services/backend';
import { shownQueueAddress } from '../services/queue/queueAddress';
import { openHeadlessBackend } from './headlessBackend';
import { createSessionToken, startHeadlessServer } from './headlessServer';
import { exitAnywayAfter, queueOptionOf } from './queueCommands';

/**
 * How long `serve --queue` waits for the lease before serving anyway: a live holder is seen
 * within ~2 s; Redis away, or a dead holder on another machine (it lapses within 10 s), is
 * waited for while serving.
 */
const leaseWaitMs = 5_000;

/** How long a stopped `serve` waits for its connections to close before it exits anyway. */
const stopGraceMs = 3_000;

export interface ServeOptions {
  port: number;
  host: string;
  dataDirectory: string;
  /** `--queue`: the Redis address runs go to. */
  queue: string | undefined;
  log: (line: string) => void;
}

/** Serves until stopped; answers the exit code. */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const { log } = options;
  let backend;
  try {
    const queue = options.queue === undefined ? undefined : queueOptionOf(options.queue);
    backend = openHeadlessBackend(options.dataDirectory, { queue, log });
  } catch (error) {
    process.stderr.write(`${error instanceof AppError ? error.message : String(error)}\n`);
    return 1;
  }
  // Another main serving this Redis (see mainLease.ts) stops this one before anything is served;
  // the backend's log says why.
  if (await isLeaseRefused(backend, log)) {
    backend.dispose();
    return 1;
  }
  const server = await startHeadlessServer({
    backend,
    host: options.host,
    port: options.port,
    token: createSessionToken(),
    staticDirectory: path.join(__dirname, '..', 'renderer'),
    log,
  });
  const stopped = new Promise<number>((resolve) => {
    const stop = (code: number) => {
      server.dispose();
      backend.dispose();
      resolve(code);
      // What is saved is saved by now.
      exitAnywayAfter(stopGraceMs, code, log);
    };
    process.once('SIGINT', () => stop(0));
    process.once('SIGTERM', () => stop(0));
    // Redis was away at the start, and another main held the lease once it came back.
    backend.queue?.claimed.catch(() => stop(1));
  });
  // Only now: whoever reads the line may stop the server at once, and is heard.
  process.stdout.write(`Runbook Designer serving ${server.url}\n`);
  log(`data directory ${options.dataDirectory}`);
  if (options.queue !== undefined)
    log(`queue mode: runs go to workers on ${shownQueueAddress(options.queue)}`);
  return stopped;
}

/** Whether another main holds the lease (settled, or given up on after a while: Redis away). */
async function isLeaseRefused(backend: Backend, log: (line: string) => void): Promise<boolean> {
  if (backend.queue === undefined) return false;
  let waited: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      backend.queue.claimed,
      new Promise<void>((resolve) => {
        waited = setTimeout(() => {
          log(
            'queue: the lease on Redis is not settled yet (Redis away, or a stopped main’s lease lapsing); serving meanwhile',
          );
          resolve();
        }, leaseWaitMs);
      }),
    ]);
    return false;
  } catch {
    return true;
  } finally {
    clearTimeout(waited);
  }
}
