/** What the main records of a run it queues, and what it hands a worker. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { StartRunInput } from '../engine/engine';
import type { PauseGate } from '../engine/pauseGate';
import type { Rehearsal } from '../engine/responseSource';
import { isJobNotTaken, isJobOnQueue, queuedRecordOf, runJobOf } from './queuedRun';
import type { RunSnapshot } from './runSnapshot';

const graph = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'end', name: 'End', type: 'end' },
  ],
  edges: [{ from: 'start', kind: 'next', to: 'end' }],
});

const input: StartRunInput = {
  runbookId: 'book',
  versionId: 'v1',
  graph,
  inputs: { token: 'hook-secret-1234', count: 2 },
  trigger: 'webhook',
  triggerBody: { auth: 'hook-secret-1234' },
  maskedValues: ['hook-secret-1234'],
};

describe('queuedRecordOf', () => {
  it('records a live run with its credential masked in the inputs and the payload', () => {
    expect(queuedRecordOf(input, 'run-1', '2026-01-01T00:00:00.000Z')).toEqual({
      runId: 'run-1',
      runbookId: 'book',
      versionId: 'v1',
      trigger: 'webhook',
      clientName: '',
      inputs: { token: '••••', count: 2 },
      queuedAt: '2026-01-01T00:00:00.000Z',
      triggerBody: { auth: '••••' },
      rerunOf: null,
      resumedFromStep: null,
      mode: 'live',
      groupId: null,
      parent: null,
      isIdGiven: false,
    });
  });

  it('says whether the caller chose the id, and keeps a re-run’s origin and group', () => {
    const rerun = {
      ...input,
      runId: 'chosen',
      rerunOf: 'earlier',
      resume: { fromStepId: 'end', reused: [] },
      groupId: 'g',
    };
    expect(queuedRecordOf(rerun, 'chosen', 'now')).toMatchObject({
      isIdGiven: true,
      rerunOf: 'earlier',
      resumedFromStep: 'end',
      groupId: 'g',
    });
  });
});

describe('runJobOf', () => {
  it('hands a worker the input with its run id, without what only this machine has', () => {
    const snapshot: RunSnapshot = { schemaVersion: 1, rows: [], runbooks: {}, digest: 'd' };
    const local = {
      ...input,
      rehearsal: {} as Rehearsal,
      pauseGate: {} as PauseGate,
      continued: { fromStepId: 'end', atSeq: 1, earlier: [] },
    };
    expect(runJobOf(local, 'run-1', snapshot)).toEqual({ input: { ...input, runId: 'run-1' }, snapshot });
  });
});

describe('job states', () => {
  it('counts a job taken by a worker as on the queue, but not as one to take off it', () => {
    expect(['waiting', 'active', 'delayed', 'prioritized'].filter(isJobOnQueue)).toHaveLength(4);
    expect(['waiting', 'delayed', 'prioritized'].every(isJobNotTaken)).toBe(true);
    expect(isJobNotTaken('active')).toBe(false);
    expect(['completed', 'failed', 'missing', 'unknown'].some(isJobOnQueue)).toBe(false);
  });
});
