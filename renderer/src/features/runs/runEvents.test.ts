import { describe, expect, it } from 'vitest';
import { withListedRun, withRunChange, withStepChange, type RunSummary, type ShownRecord } from './runEvents';

const run = (
  id: string,
  status: RunSummary['status'],
  queuedAt = '2026-12-01T10:00:00.000Z',
): RunSummary => ({
  id,
  runbookId: 'r1',
  versionId: null,
  versionNumber: null,
  status,
  trigger: 'manual',
  clientName: '',
  inputs: {},
  error: null,
  queuedAt,
  startedAt: null,
  finishedAt: null,
  rerunOf: null,
  resumedFromStep: null,
  message: null,
  mode: 'live',
  groupId: null,
});

const step = (seq: number, status: ShownRecord['status'], isComplete = false): ShownRecord => ({
  seq,
  stepId: `s${String(seq)}`,
  stepType: 'setVariables',
  status,
  outputs: {},
  error: null,
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: status === 'running' ? null : '2026-12-01T10:00:01.000Z',
  durationMs: status === 'running' ? null : 1,
  mayHaveBeenSent: false,
  isComplete,
});

describe('applying run events', () => {
  it('adds a new step at the end and finishes a running one in place', () => {
    const started = withStepChange([step(1, 'succeeded', true)], step(2, 'running'));
    expect(started.map((record) => `${String(record.seq)}:${record.status}`)).toEqual([
      '1:succeeded',
      '2:running',
    ]);
    const finished = withStepChange(started, step(2, 'failed'));
    expect(finished.map((record) => `${String(record.seq)}:${record.status}`)).toEqual([
      '1:succeeded',
      '2:failed',
    ]);
  });

  it('never takes a finished step or run back to running (an event older than the read)', () => {
    const records = [step(1, 'succeeded', true)];
    expect(withStepChange(records, step(1, 'running'))).toBe(records);
    expect(withStepChange(records, step(1, 'succeeded'))).toBe(records);
    const shown = { ...run('a', 'succeeded'), triggerBody: null, pause: null, steps: records };
    expect(withRunChange(shown, run('a', 'running'))).toBe(shown);
    expect(withRunChange(shown, run('b', 'failed'))).toBe(shown);
  });

  it('puts a step that came out of order where its seq belongs', () => {
    const records = withStepChange([step(1, 'succeeded'), step(3, 'running')], step(2, 'succeeded'));
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3]);
  });

  it('lists a new run on top, changes a listed one, and drops one no longer matching the filter', () => {
    const onlyGoing = (candidate: RunSummary) => candidate.status !== 'succeeded';
    const listed = [run('old', 'running', '2026-12-01T09:00:00.000Z')];
    const added = withListedRun(listed, run('new', 'queued'), onlyGoing, 2);
    expect(added.map((item) => item.id)).toEqual(['new', 'old']);
    const changed = withListedRun(added, run('new', 'running'), onlyGoing, 2);
    expect(changed[0]?.status).toBe('running');
    expect(withListedRun(changed, run('new', 'succeeded'), onlyGoing, 2).map((item) => item.id)).toEqual([
      'old',
    ]);
    const full = withListedRun(changed, run('newest', 'queued', '2026-12-01T11:00:00.000Z'), onlyGoing, 2);
    expect(full.map((item) => item.id)).toEqual(['newest', 'new']);
  });
});
