/**
 * The command line's queue mode: `serve --queue redis://…` (the main) and `worker --queue
 * redis://… [--concurrency N]` (any number of them, on any machine). Both need
 * RUNBOOK_DESIGNER_KEY, the same everywhere: it opens the stored secrets the workers are sent and
 * seals everything that crosses Redis.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/appError';
import type { BackendOptions } from '../services/backend';
import { queueConnectionOf, shownQueueAddress } from '../services/queue/queueAddress';
import { startQueueWorker } from '../services/queue/queueWorker';
import { createTeamSeal } from '../services/queue/teamSeal';
import { createMasterKeyProvider } from '../services/secrets/masterKeyProvider';

/** The backend's queue option for `serve --queue`; throws an AppError saying what is wrong. */
export function queueOptionOf(address: string): NonNullable<BackendOptions['queue']> {
  return {
    address: shownQueueAddress(address),
    connection: queueConnectionOf(address),
    seal: createTeamSeal(process.env.RUNBOOK_DESIGNER_KEY),
  };
}

const maxConcurrency = 256;

/**
 * Exits with `code` after `graceMs` if the process has not ended by then. A connection to a
 * Redis that is away goes on trying to reconnect (BullMQ's own, which it cannot close before it
 * has connected): it must not keep a stopped server or worker alive.
 */
export function exitAnywayAfter(graceMs: number, code: number, log: (line: string) => void): void {
  setTimeout(() => {
    log('exiting: connections to Redis were still closing');
    process.exit(code);
  }, graceMs).unref();
}

/** How long a stopped worker lets its connections close before it exits anyway. */
const stopGraceMs = 1_000;

/**
 * `worker`: takes runs until SIGTERM or SIGINT, then finishes those it has and exits 0; started
 * with another key than the server's, it takes none and exits 2. Its data directory only holds
 * replicas of what its runs need; without `--data-dir`, a temporary one.
 */
export async function workerCommand(options: {
  queue: string | undefined;
  concurrency: string | undefined;
  dataDirectory: string | undefined;
  log(line: string): void;
}): Promise<number> {
  const concurrency = Number(options.concurrency ?? '4');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxConcurrency) {
    process.stderr.write(`--concurrency must be a whole number from 1 to ${String(maxConcurrency)}.\n`);
    return 2;
  }
  if (options.queue === undefined) {
    process.stderr.write('worker needs --queue redis://host:port: the queue the main puts its runs on.\n');
    return 2;
  }
  const isTemporary = options.dataDirectory === undefined;
  const dataDirectory =
    options.dataDirectory === undefined
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-designer-worker-'))
      : path.resolve(options.dataDirectory);
  let worker;
  try {
    fs.mkdirSync(dataDirectory, { recursive: true, mode: 0o700 });
    const environmentKey = process.env.RUNBOOK_DESIGNER_KEY;
    worker = startQueueWorker({
      connection: queueConnectionOf(options.queue),
      seal: createTeamSeal(environmentKey),
      dataDirectory,
      keyProvider: createMasterKeyProvider({ dataDirectory, environmentKey }),
      concurrency,
      log: options.log,
    });
  } catch (error) {
    process.stderr.write(`${error instanceof AppError ? error.message : String(error)}\n`);
    return 2;
  }
  // Heard from the start: a worker waiting for Redis is stopped as cleanly as one taking runs
  // (before, SIGTERM then killed it outright and left its temporary folder behind).
  const stopped = new Promise<'stopped'>((resolve) => {
    process.once('SIGINT', () => resolve('stopped'));
    process.once('SIGTERM', () => resolve('stopped'));
  });
  const first = await Promise.race([
    worker.ready.then(
      () => 'ready' as const,
      (error: unknown) => error as Error,
    ),
    stopped,
  ]);
  if (first instanceof Error) {
    // Its key is not the server's: it took no run, and says so instead of failing each one.
    process.stderr.write(`${first.message}\n`);
    await worker.close();
    if (isTemporary) fs.rmSync(dataDirectory, { recursive: true, force: true });
    exitAnywayAfter(stopGraceMs, 2, options.log);
    return 2;
  }
  if (first === 'ready') {
    process.stdout.write(
      `Runbook Designer worker ${worker.id} taking runs from ${shownQueueAddress(options.queue)} (concurrency ${String(concurrency)})\n`,
    );
    await stopped;
    options.log('stopping: finishing the runs in hand, taking no new ones');
  } else options.log('stopping before Redis was reached: no run was taken');
  await worker.close();
  if (isTemporary) fs.rmSync(dataDirectory, { recursive: true, force: true });
  options.log('stopped');
  exitAnywayAfter(stopGraceMs, 0, options.log);
  return 0;
}
