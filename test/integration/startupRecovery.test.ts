import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/services/backend';
import { openDatabase } from '../../electron/services/db/database';
import { createRunbookRepository } from '../../electron/services/db/repositories/runbookRepository';
import { createRunRepository, type RunStatus } from '../../electron/services/db/repositories/runRepository';
import { createMasterKeyProvider } from '../../electron/services/secrets/masterKeyProvider';
import { temporaryDirectory } from '../../electron/services/testSupport/temporaryBackend';

const started: Backend[] = [];
afterEach(() => {
  for (const backend of started.splice(0)) backend.dispose();
});

function start(dataDirectory: string, log: string[] = []): Backend {
  const backend = createBackend({
    dataDirectory,
    shell: 'headless',
    version: 'test',
    keyProvider: (directory) => createMasterKeyProvider({ dataDirectory: directory }),
    log: (line) => log.push(line),
  });
  started.push(backend);
  return backend;
}

function stop(backend: Backend): void {
  started.splice(started.indexOf(backend), 1);
  backend.dispose();
}

const at = '2026-11-23T10:00:00.000Z';

/** Leaves runs behind as a crash would: one queued, one running (with a running step), one done. */
function leaveRunsBehind(file: string): void {
  const db = openDatabase({ file });
  try {
    createRunbookRepository(db).insert({
      id: 'r1',
      name: 'Nightly sync',
      description: '',
      category: '',
      tags: [],
      draft: {},
      createdAt: at,
      updatedAt: at,
    });
    const runs = createRunRepository(db);
    const queue = (id: string, status: RunStatus) => {
      runs.create({
        id,
        runbookId: 'r1',
        versionId: null,
        trigger: 'schedule',
        clientName: '',
        inputs: {},
        queuedAt: at,
      });
      if (status !== 'queued') runs.markStarted(id, at);
    };
    queue('waiting', 'queued');
    queue('busy', 'running');
    runs.startStep('busy', { seq: 1, stepId: 'fetch', stepType: 'method', startedAt: at });
    queue('done', 'running');
    runs.markFinished('done', 'succeeded', at, null);
  } finally {
    db.close();
  }
}

describe('start-up after a crash', () => {
  it('marks the runs left queued or running as failed, interrupted, and says so in the log', () => {
    const dataDirectory = temporaryDirectory();
    const first = start(dataDirectory);
    const file = first.databaseFile;
    stop(first);
    leaveRunsBehind(file);

    const log: string[] = [];
    start(dataDirectory, log);
    expect(log).toContain('marked 2 run(s) left unfinished as failed (interrupted)');

    const db = openDatabase({ file });
    try {
      const runs = createRunRepository(db);
      expect(runs.get('waiting')).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^interrupted/),
      });
      expect(runs.get('busy')).toMatchObject({
        status: 'failed',
        steps: [{ status: 'failed', error: 'interrupted' }],
      });
      expect(runs.get('done')).toMatchObject({ status: 'succeeded', error: null });
    } finally {
      db.close();
    }
  });

  it('logs nothing about runs when none were left unfinished', () => {
    const dataDirectory = temporaryDirectory();
    stop(start(dataDirectory));
    const log: string[] = [];
    start(dataDirectory, log);
    expect(log.filter((line) => line.includes('interrupted'))).toEqual([]);
  });
});
