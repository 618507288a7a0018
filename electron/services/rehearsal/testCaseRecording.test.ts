/** What a saved test case keeps of a run: its requests (a child run's too), outcome and first expectation. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { StepRecord } from '../db/repositories/runRepository';
import {
  recordingsOf,
  refuseLogicAnsweredByPins,
  testCaseFromRun,
  type FinishedRun,
  type RecordingSources,
} from './testCaseRecording';

const request = { method: 'GET', url: 'https://api.example/tickets', headers: {}, body: null };
const response = {
  status: 200,
  statusText: 'OK',
  headers: {},
  contentType: 'application/json',
  body: '{"id":"t1"}',
  isBodyTruncated: false,
  size: 11,
};

function step(stepId: string, stepType: string, record: Partial<StepRecord> = {}): StepRecord {
  return {
    seq: 0,
    stepId,
    stepType,
    status: 'succeeded',
    request: null,
    response: null,
    outputs: {},
    error: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    mayHaveBeenSent: false,
    ...record,
  };
}

function run(
  id: string,
  runbookId: string,
  steps: StepRecord[],
  change: Partial<FinishedRun> = {},
): FinishedRun {
  return {
    id,
    runbookId,
    versionId: null,
    versionNumber: null,
    status: 'succeeded',
    trigger: 'manual',
    clientName: 'Acme',
    inputs: { ticket: 't1' },
    error: null,
    queuedAt: '2026-03-04T05:06:07.000Z',
    startedAt: null,
    finishedAt: null,
    rerunOf: null,
    resumedFromStep: null,
    message: 'done',
    mode: 'live',
    groupId: null,
    steps,
    ...change,
  };
}

const child = run('child-run', 'child-book', [step('open', 'method', { request, response })]);
const sources: RecordingSources = {
  childRun: (runId) => (runId === child.id ? child : undefined),
  runbookName: (runbookId) => (runbookId === 'child-book' ? 'Open ticket' : undefined),
};

describe('recordingsOf', () => {
  it('keeps each method step’s request and response, then a child run’s under its runbook', () => {
    const parent = run('run', 'book', [
      step('start', 'start'),
      step('close', 'method', { request, response: { ...response, rehearsal: { source: 'pin' } } }),
      step('sub', 'runRunbook', { response: { childRunId: 'child-run' } }),
    ]);
    expect(recordingsOf(parent, null, sources)).toEqual([
      { runbook: null, runbookId: null, stepId: 'close', request, response, error: null },
      { runbook: 'Open ticket', runbookId: 'child-book', stepId: 'open', request, response, error: null },
    ]);
  });

  it('keeps the error of a request that had no response, and skips steps still running or cancelled', () => {
    const parent = run('run', 'book', [
      step('close', 'method', { request, status: 'failed', error: 'connect ECONNREFUSED' }),
      step('again', 'method', { request, status: 'running' }),
      step('later', 'method', { request, status: 'cancelled' }),
    ]);
    expect(recordingsOf(parent, null, sources)).toEqual([
      {
        runbook: null,
        runbookId: null,
        stepId: 'close',
        request,
        response: null,
        error: 'connect ECONNREFUSED',
      },
    ]);
  });
});

describe('testCaseFromRun', () => {
  it('names a case for when its run was queued and expects the same outcome', () => {
    const finished = run('run', 'book', [step('start', 'start', { outputs: { a: 1 } })]);
    expect(testCaseFromRun(finished, sources, { id: 'case', createdAt: 'now' })).toEqual({
      id: 'case',
      runbookId: 'book',
      createdAt: 'now',
      name: 'Run of 2026-03-04 05:06',
      inputs: { ticket: 't1' },
      client: 'Acme',
      recordings: [],
      outcome: { status: 'succeeded', message: 'done', path: ['start'], outputs: { start: { a: 1 } } },
      expectations: [{ kind: 'outcome', status: 'succeeded' }],
    });
  });

  it('expects nothing of a cancelled run and keeps the name it is given', () => {
    const cancelled = run('run', 'book', [], { status: 'cancelled' });
    const saved = testCaseFromRun(cancelled, sources, { id: 'case', createdAt: 'now', name: 'Mine' });
    expect(saved).toMatchObject({ name: 'Mine', expectations: [] });
  });
});

describe('refuseLogicAnsweredByPins', () => {
  const draft = () =>
    runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'end', name: 'Finish', type: 'end' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'end' }],
    });

  it('refuses a run whose logic step was answered by its pin, naming the step', () => {
    const pinned = {
      steps: [step('end', 'end', { response: { rehearsal: { source: 'pin', wouldHaveSent: false } } })],
    };
    expect(() => {
      refuseLogicAnsweredByPins(pinned, draft);
    }).toThrow('"Finish" was answered by its pin in this run');
  });

  it('accepts a method step answered by its pin, since a replay answers it from its recording', () => {
    const pinned = {
      steps: [step('close', 'method', { response: { rehearsal: { source: 'pin', wouldHaveSent: false } } })],
    };
    expect(() => {
      refuseLogicAnsweredByPins(pinned, draft);
    }).not.toThrow();
  });
});
