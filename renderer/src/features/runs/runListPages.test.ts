import { describe, expect, it } from 'vitest';
import type { RunSummary } from './runEvents';
import { isListed } from '../../../../shared/domain/runListOrder';
import { nextPageCursor, versionLabelOf, withPagedListEvents, type RunPages } from './runListPages';

/** A run queued at second `second` of the hour: a higher second is newer. */
const run = (id: string, second: number, status: RunSummary['status'] = 'succeeded'): RunSummary => ({
  id,
  runbookId: 'r1',
  versionId: null,
  versionNumber: null,
  mode: 'live',
  groupId: null,
  status,
  trigger: 'manual',
  clientName: '',
  inputs: {},
  error: null,
  queuedAt: `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`,
  startedAt: null,
  finishedAt: null,
  rerunOf: null,
  resumedFromStep: null,
  message: null,
});

const changed = (next: RunSummary) => ({ name: 'runs.changed', payload: { run: next } }) as const;
const cursorOf = (listed: RunSummary) => ({ queuedAt: listed.queuedAt, id: listed.id });
const ids = (data: RunPages) => data.pages.map((page) => page.map((listed) => listed.id));

/** Two pages of two: e (50 s), d (40 s) | c (30 s), b (20 s). */
function twoPages(): RunPages {
  const [e, d, c, b] = [run('e', 50), run('d', 40), run('c', 30), run('b', 20)];
  return {
    pages: [
      [e, d],
      [c, b],
    ],
    pageParams: [undefined, cursorOf(d)],
  };
}

describe('the runs list, a page at a time', () => {
  it('lists only the runs of the run group it is filtered by', () => {
    const ofGroup = { ...run('g', 10), groupId: 'group-1' };
    expect(isListed({ groupId: 'group-1' }, ofGroup)).toBe(true);
    expect(isListed({ groupId: 'group-1' }, run('other', 10))).toBe(false);
    expect(isListed({}, ofGroup)).toBe(true);
  });

  it('asks for the next page after the last run of a full page, and for none after a short one', () => {
    expect(nextPageCursor([run('b', 20), run('a', 10)], 2)).toEqual({
      queuedAt: '2026-12-01T10:00:10.000Z',
      id: 'a',
    });
    expect(nextPageCursor([run('a', 10)], 2)).toBeUndefined();
    expect(nextPageCursor([], 2)).toBeUndefined();
  });

  it('lists in a page only the runs after its cursor, ties on time ordered by id', () => {
    const after = cursorOf(run('m', 30));
    expect(isListed({ after }, run('old', 20))).toBe(true);
    expect(isListed({ after }, run('new', 40))).toBe(false);
    expect(isListed({ after }, run('a', 30))).toBe(true);
    expect(isListed({ after }, run('z', 30))).toBe(false);
  });

  it('puts a new run at the top of the first page without dropping one', () => {
    const data = withPagedListEvents(twoPages(), {}, [changed(run('f', 55, 'queued'))]);
    expect(ids(data)).toEqual([
      ['f', 'e', 'd'],
      ['c', 'b'],
    ]);
  });

  it('changes a run in the page that holds it, and leaves the others as they were', () => {
    const before = twoPages();
    const data = withPagedListEvents(before, {}, [changed(run('c', 30, 'failed'))]);
    expect(data.pages[1]?.find((listed) => listed.id === 'c')?.status).toBe('failed');
    expect(data.pages[0]).toBe(before.pages[0]);
    expect(ids(data)).toEqual(ids(before));
  });

  it('drops a run that no longer matches the filter from its page', () => {
    const data = withPagedListEvents(twoPages(), { status: 'succeeded' }, [changed(run('b', 20, 'failed'))]);
    expect(ids(data)).toEqual([['e', 'd'], ['c']]);
  });

  it('adds no run that the filter does not list', () => {
    const before = twoPages();
    expect(withPagedListEvents(before, { status: 'failed' }, [changed(run('f', 55))])).toBe(before);
  });

  it('ignores step events', () => {
    const before = twoPages();
    const step = {
      name: 'runs.stepChanged',
      payload: { runId: 'e', runbookId: 'r1', step: {} },
    } as never;
    expect(withPagedListEvents(before, {}, [step])).toBe(before);
  });
});

describe('versionLabelOf', () => {
  it('names the version a run ran, the draft, or a version since gone', () => {
    expect(versionLabelOf({ versionId: 'v', versionNumber: 3 })).toBe('v3');
    expect(versionLabelOf({ versionId: null, versionNumber: null })).toBe('draft');
    expect(versionLabelOf({ versionId: 'v', versionNumber: null })).toBe('—');
  });
});
