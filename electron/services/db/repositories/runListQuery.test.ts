import { describe, expect, it } from 'vitest';
import type { TriggerKind } from '../../../../shared/domain/triggerKind';
import { temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import { createRunbookRepository } from './runbookRepository';
import { createRunRepository, type RunFilter, type RunRepository } from './runRepository';

const statuses = ['succeeded', 'failed', 'cancelled'] as const;
const triggers: TriggerKind[] = ['manual', 'webhook', 'schedule', 'cli'];

/** 250 runs of two runbooks; every third shares its time with the one before (ties on queued_at). */
function history(): { runs: RunRepository; all: { id: string; runbookId: string; queuedAt: string }[] } {
  const db = temporaryDatabase();
  for (const id of ['r1', 'r2'])
    createRunbookRepository(db).insert({
      id,
      name: id,
      description: '',
      category: '',
      tags: [],
      draft: {},
      createdAt: timestamp,
      updatedAt: timestamp,
    });
  const runs = createRunRepository(db);
  const all = Array.from({ length: 250 }, (_, index) => {
    const minute = index - (index % 3 === 2 ? 1 : 0);
    const run = {
      id: `run-${String((index * 7919) % 1000).padStart(3, '0')}`,
      runbookId: index % 2 === 0 ? 'r1' : 'r2',
      queuedAt: new Date(Date.UTC(2026, 10, 1) + minute * 60_000).toISOString(),
    };
    runs.create({
      ...run,
      versionId: null,
      trigger: triggers[index % 4] ?? 'manual',
      clientName: '',
      inputs: {},
    });
    const status = statuses[index % 3] ?? 'succeeded';
    runs.markFinished(run.id, status, run.queuedAt, status === 'failed' ? 'boom' : null);
    return run;
  });
  return { runs, all };
}

/** Every run a filter lists, page after page, each page starting after the last run of the one before. */
function everyPage(runs: RunRepository, filter: Omit<RunFilter, 'limit'>, limit: number): string[][] {
  const pages: string[][] = [];
  let after: RunFilter['after'];
  for (let guard = 0; guard < 1_000; guard += 1) {
    const page = runs.list({ ...filter, after, limit });
    if (page.length === 0) return pages;
    pages.push(page.map((run) => run.id));
    const last = page.at(-1);
    after = last === undefined ? undefined : { queuedAt: last.queuedAt, id: last.id };
  }
  throw new Error('the pages never ended');
}

describe('the runs list, a page at a time', () => {
  it('pages through every run once, newest first, ties on time ordered by id', () => {
    const { runs, all } = history();
    const expected = [...all]
      .sort((a, b) => b.queuedAt.localeCompare(a.queuedAt) || b.id.localeCompare(a.id))
      .map((run) => run.id);
    const pages = everyPage(runs, {}, 40);
    expect(pages.map((page) => page.length)).toEqual([40, 40, 40, 40, 40, 40, 10]);
    expect(pages.flat()).toEqual(expected);
  });

  it('pages through a filter of every kind at once and finds what one long page finds', () => {
    const { runs } = history();
    const filter: Omit<RunFilter, 'limit'> = {
      runbookId: 'r1',
      status: 'failed',
      trigger: 'schedule',
      from: '2026-11-01T00:30:00.000Z',
      to: '2026-11-01T03:30:00.000Z',
    };
    const whole = runs.list({ ...filter, limit: 500 }).map((run) => run.id);
    expect(whole.length).toBeGreaterThan(3);
    expect(everyPage(runs, filter, 2).flat()).toEqual(whole);
    for (const run of runs.list({ ...filter, limit: 500 })) {
      expect(run).toMatchObject({ runbookId: 'r1', status: 'failed', trigger: 'schedule' });
      expect(run.queuedAt >= '2026-11-01T00:30:00.000Z' && run.queuedAt <= '2026-11-01T03:30:00.000Z').toBe(
        true,
      );
    }
  });

  it('answers an empty page after the last run, and for a filter nothing matches', () => {
    const { runs, all } = history();
    const oldest = [...all].sort(
      (a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id),
    )[0];
    if (oldest === undefined) throw new Error('no runs');
    expect(runs.list({ after: { queuedAt: oldest.queuedAt, id: oldest.id }, limit: 10 })).toEqual([]);
    expect(
      runs.list({ runbookId: 'r2', trigger: 'webhook', status: 'failed', limit: 10 }).length,
    ).toBeGreaterThan(0);
    expect(runs.list({ runbookId: 'r2', trigger: 'schedule', limit: 10 })).toEqual([]);
    expect(runs.list({ runbookId: 'missing', limit: 10 })).toEqual([]);
  });
});
