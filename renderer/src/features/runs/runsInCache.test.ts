import { afterEach, describe, expect, it } from 'vitest';
import { callKey, queryClient } from '../../api/resources';
import type { RunSummary, ShownRun } from './runEvents';
import { applyRunEvents, shownRunKey } from './runsInCache';

const run = (
  id: string,
  status: RunSummary['status'],
  trigger: RunSummary['trigger'] = 'manual',
): RunSummary => ({
  id,
  runbookId: 'r1',
  versionId: null,
  versionNumber: null,
  status,
  trigger,
  clientName: '',
  inputs: {},
  error: null,
  queuedAt: '2026-12-01T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  rerunOf: null,
  resumedFromStep: null,
  message: null,
  mode: 'live',
  groupId: null,
});

const stepChanged = (runId: string, seq: number) =>
  ({
    name: 'runs.stepChanged',
    payload: {
      runId,
      runbookId: 'r1',
      step: {
        seq,
        stepId: `s${String(seq)}`,
        stepType: 'setVariables',
        status: 'succeeded',
        outputs: {},
        error: null,
        startedAt: '2026-12-01T10:00:00.000Z',
        finishedAt: '2026-12-01T10:00:01.000Z',
        durationMs: 1,
        mayHaveBeenSent: false,
        isComplete: false,
      },
    },
  }) as const;

describe('run events applied to the cached runs', () => {
  afterEach(() => queryClient.clear());

  it('adds the records of a cached run and changes its status, leaving other runs be', () => {
    const shown: ShownRun = { ...run('a', 'running'), triggerBody: null, pause: null, steps: [] };
    queryClient.setQueryData(shownRunKey('a'), shown);
    queryClient.setQueryData(shownRunKey('b'), { ...shown, id: 'b' });
    applyRunEvents([
      stepChanged('a', 1),
      stepChanged('a', 2),
      { name: 'runs.changed', payload: { run: run('a', 'succeeded') } },
    ]);
    const a = queryClient.getQueryData<ShownRun>(shownRunKey('a'));
    expect(a?.status).toBe('succeeded');
    expect(a?.steps.map((record) => record.seq)).toEqual([1, 2]);
    expect(queryClient.getQueryData<ShownRun>(shownRunKey('b'))?.steps).toEqual([]);
  });

  it('lists a run in each cached list whose filter it matches', () => {
    const webhooks = callKey('runs.list', { limit: 10, trigger: 'webhook' });
    const every = callKey('runs.list', { limit: 10 });
    queryClient.setQueryData(webhooks, []);
    queryClient.setQueryData(every, []);
    applyRunEvents([{ name: 'runs.changed', payload: { run: run('m', 'queued', 'manual') } }]);
    expect(queryClient.getQueryData<RunSummary[]>(webhooks)).toEqual([]);
    expect(queryClient.getQueryData<RunSummary[]>(every)?.map((listed) => listed.id)).toEqual(['m']);
  });

  it('applies run events to the runs list read a page at a time', () => {
    const paged = callKey('runs.list', { limit: 1 });
    const older = { ...run('old', 'succeeded'), queuedAt: '2026-12-01T09:00:00.000Z' };
    queryClient.setQueryData(paged, {
      pages: [[run('a', 'running')], [older]],
      pageParams: [undefined, { queuedAt: run('a', 'running').queuedAt, id: 'a' }],
    });
    applyRunEvents([
      { name: 'runs.changed', payload: { run: run('a', 'succeeded') } },
      {
        name: 'runs.changed',
        payload: { run: { ...run('b', 'queued'), queuedAt: '2026-12-01T11:00:00.000Z' } },
      },
    ]);
    const data = queryClient.getQueryData<{ pages: RunSummary[][] }>(paged);
    expect(data?.pages.map((page) => page.map((listed) => `${listed.id}:${listed.status}`))).toEqual([
      ['b:queued', 'a:succeeded'],
      ['old:succeeded'],
    ]);
  });

  it('shows a cached run paused and going on as its debug events say; the pause ends with the run', () => {
    const shown: ShownRun = { ...run('a', 'running'), triggerBody: null, pause: null, steps: [] };
    queryClient.setQueryData(shownRunKey('a'), shown);
    const pause = {
      runId: 'a',
      runbookId: 'r1',
      stepId: 'open',
      stepName: 'Open',
      seq: 2,
      reason: 'breakpoint' as const,
      pausedAt: '2026-12-01T10:00:02.000Z',
    };
    const pauseOf = () => queryClient.getQueryData<ShownRun>(shownRunKey('a'))?.pause?.stepId ?? null;
    applyRunEvents([{ name: 'runs.debugChanged', payload: { runId: 'a', runbookId: 'r1', pause } }]);
    expect(pauseOf()).toBe('open');
    applyRunEvents([{ name: 'runs.debugChanged', payload: { runId: 'a', runbookId: 'r1', pause: null } }]);
    expect(pauseOf()).toBeNull();
    applyRunEvents([{ name: 'runs.debugChanged', payload: { runId: 'a', runbookId: 'r1', pause } }]);
    applyRunEvents([{ name: 'runs.changed', payload: { run: run('a', 'cancelled') } }]);
    expect(pauseOf()).toBeNull();
  });
});
