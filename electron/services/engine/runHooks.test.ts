/** What the engine tells its hooks, and how it heeds their answers; no database, no network. */
import { describe, expect, it } from 'vitest';
import type { RequestResult } from '../../../shared/domain/requestResult';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { createEngine } from './engine';
import type { EngineCapabilities } from './executionContext';
import type { RunHooks } from './runHooks';
import { collectingHooks } from './testSupport/collectingHooks';

/** A request's result as the HTTP core gives it, answered 200 with `{"id": 7}`. */
const answered: RequestResult = {
  request: { method: 'POST', url: 'http://api.test/tickets', headers: {}, body: null },
  response: {
    status: 200,
    statusText: 'OK',
    headers: {},
    contentType: 'application/json',
    body: '{"id": 7}',
    isBodyTruncated: false,
    size: 9,
  },
  outputs: [{ name: 'id', expression: 'response^id!', value: 7 }],
  durationMs: 1,
  attempts: 1,
  error: null,
};

function setUp(answers: Partial<Pick<RunHooks, 'stopBeforeStep' | 'beforeChangingRequest'>> = {}) {
  const collected = collectingHooks(answers);
  const sent: string[] = [];
  const capabilities: Omit<EngineCapabilities, 'runChild'> = {
    sendMethod: async ({ methodId, beforeChangingRequest }) => {
      await beforeChangingRequest();
      sent.push(methodId);
      return answered;
    },
    loadRunbook: () => undefined,
    sleep: () => Promise.resolve(),
  };
  return { engine: createEngine({ hooks: collected.hooks, capabilities }), collected, sent };
}

const graph = runbookGraphSchema.parse({
  inputs: [{ name: 'count', type: 'number', defaultValue: '2' }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'create', name: 'Create ticket', type: 'method', methodId: 'create' },
    { id: 'done', name: 'Done', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'create' },
    { from: 'create', kind: 'success', to: 'done' },
  ],
});

const start = (
  engine: ReturnType<typeof setUp>['engine'],
  extra: { runId?: string; maskedValues?: string[] } = {},
) => engine.start({ runbookId: 'r1', versionId: null, graph, inputs: {}, trigger: 'manual', ...extra });

describe('engine hooks', () => {
  it('tells each step as it starts and finishes, in order, between the run starting and ending', async () => {
    const { engine, collected } = setUp();
    const { runId, finished } = start(engine);
    expect(await finished).toMatchObject({ status: 'succeeded' });
    expect(collected.calls).toEqual([
      'runQueued:r1',
      'runStarted',
      'inputsPrepared',
      'stepStarted:start',
      'stepFinished:start:succeeded',
      'stepStarted:create',
      'beforeChangingRequest:2',
      'stepFinished:create:succeeded',
      'stepStarted:done',
      'stepFinished:done:succeeded',
      'runFinished:succeeded',
    ]);
    expect(collected.get(runId)).toMatchObject({ inputs: { count: 2 }, status: 'succeeded' });
    expect(collected.get(runId)?.steps[1]).toMatchObject({
      seq: 2,
      stepId: 'create',
      stepType: 'method',
      outputs: { id: 7, status: 200 },
      error: null,
    });
  });

  it('runs under the id the caller gave, and refuses one already going', async () => {
    const { engine } = setUp({ beforeChangingRequest: () => new Promise(() => undefined) });
    const runId = '3b241101-e2bb-4255-8caf-4136c566a962';
    const first = start(engine, { runId });
    expect(first.runId).toBe(runId);
    expect(() => start(engine, { runId })).toThrow(expect.objectContaining({ code: 'conflict' }));
    engine.cancel(runId);
  });

  it('refuses the run, running nothing, when the run-queued hook throws', () => {
    const { engine, collected, sent } = setUp();
    const hooks = collected.hooks;
    hooks.runQueued = () => {
      throw new Error('the disk is full');
    };
    expect(() => start(engine)).toThrow('the disk is full');
    expect(sent).toEqual([]);
  });

  it('sends a changing request only once its hook resolved, and not at all when it rejects', async () => {
    const refused = setUp({ beforeChangingRequest: () => Promise.reject(new Error('not on disk')) });
    const result = await start(refused.engine).finished;
    expect(result).toMatchObject({ status: 'failed', error: '"Create ticket" failed: not on disk' });
    expect(refused.sent).toEqual([]);

    let release: () => void = () => undefined;
    const held = setUp({
      beforeChangingRequest: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    });
    const going = start(held.engine);
    await expect.poll(() => held.collected.calls.at(-1)).toBe('beforeChangingRequest:2');
    expect(held.sent).toEqual([]);
    release();
    expect(await going.finished).toMatchObject({ status: 'succeeded' });
    expect(held.sent).toEqual(['create']);
  });

  it('stops before a step when a hook says why, with that message', async () => {
    const { engine, collected, sent } = setUp({
      stopBeforeStep: (_runId, stepName) =>
        stepName === 'Create ticket' ? `No room before "${stepName}"` : undefined,
    });
    const { runId, finished } = start(engine);
    expect(await finished).toMatchObject({ status: 'failed', error: 'No room before "Create ticket"' });
    expect(sent).toEqual([]);
    expect(collected.get(runId)?.steps.map((step) => step.stepId)).toEqual(['start']);
  });

  it('hands the hooks masked values only', async () => {
    const { engine, collected } = setUp();
    const secret = 'hunter2-secret';
    const run = engine.start({
      runbookId: 'r1',
      versionId: null,
      graph,
      inputs: { count: 3, note: secret },
      trigger: 'webhook',
      triggerBody: { token: secret },
      maskedValues: [secret],
    });
    await run.finished;
    const text = JSON.stringify(collected.get(run.runId));
    expect(text).not.toContain(secret);
    expect(text).toContain('••••');
  });
});
