/** What a step's event carries: the rehearsal marker of a request that was not sent. */
import { describe, expect, it } from 'vitest';
import { finishedStepSummary } from './stepSummary';

const finished = (response: unknown) => ({
  runId: 'run',
  seq: 2,
  stepId: 'open',
  stepType: 'method',
  startedAt: '2026-12-02T00:00:00.000Z',
  status: 'succeeded' as const,
  request: { method: 'POST', url: 'http://127.0.0.1/tickets', headers: {}, body: null },
  response,
  outputs: { status: 200 },
  error: null,
  finishedAt: '2026-12-02T00:00:00.010Z',
  durationMs: 10,
});

describe('finished step summary', () => {
  it('carries a dry run’s would-have-sent marker, so a live page shows it without a read', () => {
    const summary = finishedStepSummary(
      finished({ status: 200, body: '', rehearsal: { source: 'example', wouldHaveSent: true } }),
    );
    expect(summary.rehearsal).toEqual({ source: 'example', wouldHaveSent: true });
  });

  it('carries a pinned step’s marker', () => {
    const summary = finishedStepSummary(
      finished({ status: 201, rehearsal: { source: 'pin', wouldHaveSent: false } }),
    );
    expect(summary.rehearsal).toEqual({ source: 'pin', wouldHaveSent: false });
  });

  it('carries no marker for a request that was sent', () => {
    expect(finishedStepSummary(finished({ status: 200, body: '' }))).not.toHaveProperty('rehearsal');
  });
});

describe('a finished step’s short outputs', () => {
  it('keep an output named __proto__ (a Set variables step’s variable) as an output', () => {
    const outputs = JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>;
    const summary = finishedStepSummary({
      ...finished(null),
      stepType: 'setVariables',
      request: null,
      outputs,
    });
    expect(JSON.stringify(summary.outputs)).toBe('{"__proto__":1,"a":2}');
    expect(Object.getPrototypeOf(summary.outputs)).toBe(Object.prototype);
    expect(summary.isComplete).toBe(true);
  });
});
