/**
 * The runs list at scale: 100,000 runs of 20 runbooks over 90 days, every trigger and status,
 * stored through the real migrations. Each shape of filter (any of runbook, status, trigger and
 * time range: 36 in all) is asked for its newest 100 runs and for a page deep in the list (after
 * the 50,000th run), and the slowest answer is reported against the target (≤ 50 ms).
 *
 * Side by side, for reference: the same filters through the query the list had before paging
 * (one statement with "no filter, or this value" conditions, which no index can serve, and no
 * cursor), as a ratio of the two medians.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../electron/services/db/database';
import { createRunRepository, type RunFilter } from '../../electron/services/db/repositories/runRepository';
import type { RunStatus } from '../../shared/domain/runStatus';
import type { TriggerKind } from '../../shared/domain/triggerKind';
import { median, referenceRatio, type BenchResult } from './benchResult';

const runCount = 100_000;
const runbookCount = 20;
const days = 90;
const pageSize = 100;
const repeats = 5;
const targetMs = 50;

/** Most runs succeed; a few fail; very few are cancelled or still going; CLI runs are rare. */
const statuses: RunStatus[] = [
  ...Array<RunStatus>(90).fill('succeeded'),
  ...Array<RunStatus>(8).fill('failed'),
  'cancelled',
  'running',
];
const triggers: TriggerKind[] = [
  ...Array<TriggerKind>(50).fill('schedule'),
  ...Array<TriggerKind>(35).fill('webhook'),
  ...Array<TriggerKind>(12).fill('manual'),
  ...Array<TriggerKind>(2).fill('rerun'),
  'cli',
];

/** A small deterministic generator, so every run of the bench stores the same history. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export function fillHistory(db: Database): { runbookIds: string[]; newest: number } {
  const runbookIds = Array.from({ length: runbookCount }, (_, index) => `runbook-${String(index)}`);
  const addRunbook = db.prepare(
    `INSERT INTO runbooks (id, name, name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const addRun = db.prepare(
    `INSERT INTO runs (id, runbook_id, status, trigger_kind, inputs, queued_at, started_at, finished_at)
     VALUES (?, ?, ?, ?, '{}', ?, ?, ?)`,
  );
  const random = generator(42);
  const newest = Date.UTC(2026, 10, 30);
  db.transaction(() => {
    for (const id of runbookIds)
      addRunbook.run(id, id, id, new Date(newest).toISOString(), new Date(newest).toISOString());
    for (let index = 0; index < runCount; index += 1) {
      const at = new Date(newest - Math.floor(random() * days * 24 * 60 * 60 * 1000)).toISOString();
      addRun.run(
        `run-${String(index).padStart(6, '0')}`,
        runbookIds[Math.floor(random() * runbookIds.length)] ?? '',
        statuses[Math.floor(random() * statuses.length)] ?? 'succeeded',
        triggers[Math.floor(random() * triggers.length)] ?? 'manual',
        at,
        at,
        at,
      );
    }
  })();
  return { runbookIds, newest };
}

/**
 * Every combination of the four kinds of filter: status and trigger each with a common and a rare
 * value, since an index walked for the common one must skip most of what it finds for the rare.
 */
function filterShapes(runbookId: string, newest: number): Omit<RunFilter, 'limit'>[] {
  const range = {
    from: new Date(newest - 30 * 24 * 60 * 60 * 1000).toISOString(),
    to: new Date(newest - 10 * 24 * 60 * 60 * 1000).toISOString(),
  };
  const choices: Omit<RunFilter, 'limit'>[][] = [
    [{}, { runbookId }],
    [{}, { status: 'failed' }, { status: 'succeeded' }],
    [{}, { trigger: 'cli' }, { trigger: 'schedule' }],
    [{}, range],
  ];
  return choices.reduce<Omit<RunFilter, 'limit'>[]>(
    (shapes, options) => shapes.flatMap((shape) => options.map((option) => ({ ...shape, ...option }))),
    [{}],
  );
}

/** The query the list had before: one statement for every filter, no cursor. */
function previousQuery(db: Database) {
  const statement = db.prepare(
    `SELECT * FROM runs
     WHERE (@runbookId = '' OR runbook_id = @runbookId)
       AND (@status = '' OR status = @status)
       AND (@trigger = '' OR trigger_kind = @trigger)
       AND (@from = '' OR queued_at >= @from)
       AND (@to = '' OR queued_at <= @to)
     ORDER BY queued_at DESC LIMIT @limit`,
  );
  return (filter: Omit<RunFilter, 'limit'>) =>
    statement.all({
      runbookId: filter.runbookId ?? '',
      status: filter.status ?? '',
      trigger: filter.trigger ?? '',
      from: filter.from ?? '',
      to: filter.to ?? '',
      limit: pageSize,
    });
}

const timed = (fn: () => unknown): number => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};

export function benchRunHistory(): Promise<BenchResult[]> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-bench-runs-'));
  const db = openDatabase({ file: path.join(directory, 'runbook-designer.db') });
  try {
    const { runbookIds, newest } = fillHistory(db);
    const runs = createRunRepository(db);
    const before = previousQuery(db);
    const shapes = filterShapes(runbookIds[3] ?? '', newest);
    // Where a deep page starts: the 50,000th run of the whole list.
    const deep = db
      .prepare<[], { queued_at: string; id: string }>(
        'SELECT queued_at, id FROM runs ORDER BY queued_at DESC, id DESC LIMIT 1 OFFSET 50000',
      )
      .get();
    if (deep === undefined) throw new Error('the history was not stored');
    const after = { queuedAt: deep.queued_at, id: deep.id };

    let slowest = { ms: 0, what: '' };
    const nowTimes: number[] = [];
    const beforeTimes: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      for (const shape of shapes) {
        const first = timed(() => runs.list({ ...shape, limit: pageSize }));
        const later = timed(() => runs.list({ ...shape, after, limit: pageSize }));
        beforeTimes.push(timed(() => before(shape)));
        nowTimes.push(first);
        if (repeat === 0) continue; // the first pass prepares each statement
        for (const [ms, page] of [
          [first, 'newest page'],
          [later, 'page after 50,000 runs'],
        ] as const) {
          if (ms > slowest.ms) slowest = { ms, what: `${JSON.stringify(shape)}, ${page}` };
        }
      }
    }
    return Promise.resolve([
      {
        name: `runs list: slowest answer of ${String(shapes.length)} filters × 2 pages, ${runCount.toLocaleString('en')} runs stored`,
        value: Number(slowest.ms.toFixed(1)),
        unit: 'ms',
        target: targetMs,
        ok: slowest.ms <= targetMs,
        detail: `slowest: ${slowest.what}; median of the newest pages ${median(nowTimes).toFixed(2)} ms`,
      },
      referenceRatio(
        `runs list: newest ${String(pageSize)} runs per filter, now vs the query before paging`,
        nowTimes,
        beforeTimes,
        'now vs before',
      ),
    ]);
  } finally {
    db.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
