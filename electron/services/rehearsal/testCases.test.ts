/**
 * Runbook test cases through the whole backend: a live run with a For each, a failure edge and a
 * sub-runbook is saved as a case and replayed offline (the API receives nothing), then fails with
 * a diff once a request changes.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunbookFile } from '../../../shared/io/readRunbookFile';
import type { CallOutput } from '../../../shared/api/contract';
import type { Backend } from '../backend';
import { openDatabase } from '../db/database';
import { createTestCaseRepository } from '../db/repositories/testCaseRepository';
import { oneStepDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createTicketRunbook, startRecordingApi, type RecordingApi } from './testSupport/recordingApi';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

/**
 * "Close and reopen": closes each ticket of its input (the broken one fails, and the failure edge
 * notes it), then runs the ticket runbook as a sub-runbook, which opens a new one.
 */
async function createCloseAndReopen(backend: Backend) {
  const { call } = inProcessApi(backend);
  const child = await createTicketRunbook(backend, api);
  const { id: close } = await call('methods.create', {
    integrationId: child.integrationId,
    definition: { name: 'Close', httpMethod: 'DELETE', path: '/tickets/{{id}}' },
  });
  // The child keeps its new ticket's id as a variable: the Run runbook step's output.
  const { draft } = await call('runbooks.get', { id: child.runbookId });
  const keep = {
    id: 'done',
    name: 'Keep',
    type: 'setVariables' as const,
    assignments: [{ name: 'ticket', value: '{{steps.open.outputs.ticketId}}' }],
  };
  await call('runbooks.update', {
    id: child.runbookId,
    draft: {
      ...draft,
      steps: [
        ...draft.steps.map((step) => (step.id === 'done' ? keep : step)),
        { id: 'fin', name: 'Fin', type: 'end' },
      ],
      edges: [...draft.edges, { from: 'done', kind: 'next', to: 'fin' }],
    },
  });
  const { id: runbookId } = await call('runbooks.create', { details: { name: 'Close and reopen' } });
  await call('runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'ids', type: 'json', defaultValue: '["a", "broken"]' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.ids}}', itemVariable: 'id' },
        { id: 'close', name: 'Close', type: 'method', methodId: close, arguments: { id: '{{id}}' } },
        {
          id: 'recover',
          name: 'Note failure',
          type: 'setVariables',
          assignments: [{ name: 'failed', value: '{{id}}' }],
        },
        { id: 'sub', name: 'Reopen', type: 'runRunbook', runbookId: child.runbookId },
        {
          id: 'done',
          name: 'Done',
          type: 'end',
          message: '{{steps.sub.outputs.ticket}} after {{vars.failed}}',
        },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'close' },
        { from: 'close', kind: 'success', to: 'each' },
        { from: 'close', kind: 'failure', to: 'recover' },
        { from: 'recover', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'sub' },
        { from: 'sub', kind: 'success', to: 'done' },
      ],
    },
  });
  return { runbookId, child };
}

describe('test cases', () => {
  it('saves a run as a case and replays it offline; a changed request fails it with a diff', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId, child } = await createCloseAndReopen(backend);
    const { runId } = await call('runs.start', { runbookId });
    expect(await waitForRun(backend, runId)).toMatchObject({
      status: 'succeeded',
      message: 'T-live after broken',
    });

    const saved = await call('testCases.saveFromRun', { runId, name: 'Reopens after a failed close' });
    expect(
      saved.recordings.map((recorded) => [recorded.runbook, recorded.stepId, recorded.request?.method]),
    ).toEqual([
      [null, 'close', 'DELETE'],
      [null, 'close', 'DELETE'],
      ['Open a ticket', 'lookup', 'GET'],
      ['Open a ticket', 'open', 'POST'],
    ]);
    expect(saved.outcome).toMatchObject({ status: 'succeeded', message: 'T-live after broken' });
    expect(saved.expectations).toEqual([{ kind: 'outcome', status: 'succeeded' }]);
    await call('testCases.update', {
      id: saved.id,
      expectations: [
        ...saved.expectations,
        { kind: 'output', stepId: 'sub', name: 'ticket', equals: 'T-live' },
        { kind: 'reached', stepId: 'recover', isReached: true },
      ],
    });

    const before = api.received.length;
    const [passing] = await call('testCases.run', { runbookId });
    expect(passing).toMatchObject({ name: 'Reopens after a failed close', isPassed: true, failures: [] });
    expect(api.received.slice(before)).toEqual([]);
    expect((await call('runs.get', { id: passing?.runId ?? '' })).mode).toBe('replay');

    const open = await call('methods.get', { id: child.open });
    await call('methods.update', {
      id: child.open,
      definition: {
        ...open.definition,
        body: { kind: 'json', text: '{"title": "{{title}}", "urgent": true}' },
      },
    });
    const [failing] = await call('testCases.run', { runbookId });
    expect(failing?.isPassed).toBe(false);
    expect(failing?.failures[0]).toMatch(
      /^The request of "open" differs from the recording:\nbody: recorded /,
    );
    expect(failing?.failures).toContain('expected the run to end succeeded, it ended failed');
    expect(failing?.mismatches).toEqual([
      {
        runbook: 'Open a ticket',
        stepId: 'open',
        recorded: expect.objectContaining({ method: 'POST' }) as unknown,
        now: expect.objectContaining({
          method: 'POST',
          body: expect.stringContaining('"urgent"') as unknown,
        }) as unknown,
      },
    ]);
    expect(api.received.slice(before)).toEqual([]);
  });

  it('matches a sub-runbook’s recordings by its id, so renaming it keeps the case passing', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId, child } = await createCloseAndReopen(backend);
    const { runId } = await call('runs.start', { runbookId });
    await waitForRun(backend, runId);
    const saved = await call('testCases.saveFromRun', { runId });
    expect(saved.recordings.at(-1)).toMatchObject({ runbook: 'Open a ticket', runbookId: child.runbookId });

    await call('runbooks.update', { id: child.runbookId, details: { name: 'Open a new ticket' } });
    const [result] = await call('testCases.run', { runbookId });
    expect(result).toMatchObject({ isPassed: true, failures: [] });
  });

  it('hands a teammate a file whose sub-runbook recordings follow the child’s name to its id there', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId, child } = await createCloseAndReopen(backend);
    const { runId } = await call('runs.start', { runbookId });
    await waitForRun(backend, runId);
    await call('testCases.saveFromRun', { runId });
    await call('runbooks.update', { id: child.runbookId, details: { name: 'Open a new ticket' } });
    const { content } = await call('runbooks.export', { id: runbookId });
    const carried = readRunbookFile(content).testCases?.[0]?.recordings.at(-1);
    expect(carried).toMatchObject({ runbook: 'Open a new ticket', stepId: 'open' });
    expect(carried).not.toHaveProperty('runbookId');

    const teammate = inProcessApi(startBackend());
    const { runbookId: importedId } = await teammate.call('runbooks.import', { content, mode: 'copy' });
    const childHere = (await teammate.call('runbooks.list', {})).items.find(
      (runbook) => runbook.name === 'Open a new ticket',
    );
    const [imported] = await teammate.call('testCases.list', { runbookId: importedId });
    expect(imported?.recordings.at(-1)?.runbookId).toBe(childHere?.id);
    expect(await teammate.call('testCases.run', { runbookId: importedId })).toMatchObject([
      { isPassed: true, failures: [] },
    ]);
  });

  it('falls back to the sub-runbook’s name for a recording without its id', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createCloseAndReopen(backend);
    const { runId } = await call('runs.start', { runbookId });
    await waitForRun(backend, runId);
    const saved = await call('testCases.saveFromRun', { runId });
    // As a case saved before recordings kept the child's id reads.
    const db = openDatabase({ file: backend.databaseFile });
    createTestCaseRepository(db).update(
      saved.id,
      { ...saved, recordings: saved.recordings.map(({ runbookId: _id, ...recorded }) => recorded) },
      new Date().toISOString(),
    );
    db.close();
    expect((await call('testCases.list', { runbookId }))[0]?.recordings.at(-1)).not.toHaveProperty(
      'runbookId',
    );
    const [result] = await call('testCases.run', { runbookId });
    expect(result).toMatchObject({ isPassed: true, failures: [] });
  });

  it('tells the windows when a runbook’s test cases change', async () => {
    const { backend, call, runbookId, runId } = await ranTicketRunbook();
    const told: string[] = [];
    backend.events.onDidEmit((message) => {
      if (message.name === 'testCases.changed') told.push(message.payload.runbookId);
    });
    const saved = await call('testCases.saveFromRun', { runId });
    await call('testCases.update', { id: saved.id, name: 'Renamed' });
    await call('testCases.delete', { id: saved.id });
    await call('testCases.delete', { id: saved.id });
    expect(told).toEqual([runbookId, runbookId, runbookId]);
  });

  /** A backend with the ticket runbook, run once to its end. */
  async function ranTicketRunbook() {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId });
    await waitForRun(backend, runId);
    return { backend, call, runbookId, runId };
  }

  /** A backend whose ticket runbook ran once, that run saved as the cases First and Second. */
  async function twoSavedCases() {
    const { backend, call, runbookId, runId } = await ranTicketRunbook();
    const first = await call('testCases.saveFromRun', { runId, name: 'First' });
    const second = await call('testCases.saveFromRun', { runId, name: 'Second' });
    return { backend, call, runbookId, first, second };
  }

  it('lists cases saved within one millisecond in the order they were saved', async () => {
    const { backend, call, runbookId, first } = await twoSavedCases();
    // The same instant for both, and the first case's id sorting after the second's.
    const db = openDatabase({ file: backend.databaseFile });
    db.prepare('UPDATE runbook_test_cases SET created_at = ?').run('2026-12-01T10:00:00.000Z');
    db.prepare('UPDATE runbook_test_cases SET id = ? WHERE id = ?').run(`~${first.id}`, first.id);
    db.close();
    expect((await call('testCases.list', { runbookId })).map((saved) => saved.name)).toEqual([
      'First',
      'Second',
    ]);
  });

  it('tells the windows each case’s state as it begins and finishes, before the run of the tests returns', async () => {
    const { backend, call, runbookId, first, second } = await twoSavedCases();
    await call('testCases.update', {
      id: second.id,
      expectations: [{ kind: 'output', stepId: 'open', name: 'ticketId', equals: 'T-other' }],
    });
    const testRunId = crypto.randomUUID();
    let hasReturned = false;
    const heard: { name: string; state: string; failures?: string[]; hasReturned: boolean }[] = [];
    backend.events.onDidEmit((message) => {
      if (message.name !== 'testCases.progress') return;
      expect(message.payload).toMatchObject({ runbookId, testRunId });
      const { testCaseId, state, result } = message.payload;
      heard.push({
        name: testCaseId === first.id ? 'First' : testCaseId === second.id ? 'Second' : testCaseId,
        state,
        ...(result === null ? {} : { failures: result.failures }),
        hasReturned,
      });
    });
    const results = await call('testCases.run', { runbookId, testRunId });
    hasReturned = true;
    expect(heard).toEqual([
      { name: 'First', state: 'running', hasReturned: false },
      { name: 'First', state: 'passed', failures: [], hasReturned: false },
      { name: 'Second', state: 'running', hasReturned: false },
      {
        name: 'Second',
        state: 'failed',
        failures: ['expected steps.open.outputs.ticketId to be "T-other", it was "T-live"'],
        hasReturned: false,
      },
    ]);
    expect(results.map((result) => result.isPassed)).toEqual([true, false]);
  });

  it('tells a window opened during a run of the tests how far it is, and that it ended', async () => {
    const { backend, call, runbookId, first, second } = await twoSavedCases();
    expect(await call('testCases.status', { runbookId })).toBeNull();
    const testRunId = crypto.randomUUID();
    // What a window opening at each event would be told (the handler answers as it is called).
    const told: Promise<CallOutput<'testCases.status'>>[] = [];
    const changed: string[] = [];
    backend.events.onDidEmit((message) => {
      if (message.name === 'testCases.changed') changed.push(message.payload.runbookId);
      if (message.name === 'testCases.progress') told.push(call('testCases.status', { runbookId }));
    });
    await call('testCases.run', { runbookId, testRunId });
    const [firstRunning, firstPassed, secondRunning] = await Promise.all(told);
    expect(firstRunning).toEqual({
      testRunId,
      cases: [
        { testCaseId: first.id, state: 'running', result: null },
        { testCaseId: second.id, state: 'queued', result: null },
      ],
    });
    expect(firstPassed?.cases.map((entry) => entry.state)).toEqual(['passed', 'queued']);
    expect(firstPassed?.cases[0]?.result).toMatchObject({ testCaseId: first.id, isPassed: true });
    expect(secondRunning?.cases.map((entry) => entry.state)).toEqual(['passed', 'running']);
    expect(await call('testCases.status', { runbookId })).toBeNull();
    expect(changed).toEqual([runbookId]);
  });

  it('runs one test run of a runbook at a time: a second beside it is refused, one after it runs', async () => {
    const { call, runbookId, runId } = await ranTicketRunbook();
    await call('testCases.saveFromRun', { runId, name: 'Only' });
    const first = call('testCases.run', { runbookId });
    await expect(call('testCases.run', { runbookId })).rejects.toMatchObject({
      code: 'conflict',
      message: 'The tests of this runbook are running already; their results come when they end.',
    });
    expect((await first).map((result) => result.isPassed)).toEqual([true]);
    expect((await call('testCases.run', { runbookId })).map((result) => result.isPassed)).toEqual([true]);
  });

  it('refuses a test run id that is not a UUID, running nothing', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const heard: string[] = [];
    backend.events.onDidEmit((message) => heard.push(message.name));
    await expect(call('testCases.run', { runbookId, testRunId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'testRunId',
    });
    expect(heard).not.toContain('testCases.progress');
  });

  it('fails a case whose expected output or step is not what the replay gives', async () => {
    const { call, runbookId, runId } = await ranTicketRunbook();
    const saved = await call('testCases.saveFromRun', { runId });
    await call('testCases.update', {
      id: saved.id,
      expectations: [
        { kind: 'output', stepId: 'open', name: 'ticketId', equals: 'T-other' },
        { kind: 'reached', stepId: 'broke', isReached: true },
      ],
    });
    const [result] = await call('testCases.run', { runbookId });
    expect(result?.failures).toEqual([
      'expected steps.open.outputs.ticketId to be "T-other", it was "T-live"',
      'expected step "broke" to be reached',
    ]);
    expect(await call('testCases.delete', { id: saved.id })).toEqual({ wasDeleted: true });
    expect(await call('testCases.list', { runbookId })).toEqual([]);
  });
});

describe('a replay ending otherwise than expected, with no request to blame', () => {
  it('says why the run ended so, as the replay run tells it', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Waits' } });
    const waitFor = (seconds: string) => oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds });
    await call('runbooks.update', { id: runbookId, draft: waitFor('0') });
    const { runId } = await call('runs.start', { runbookId });
    expect((await waitForRun(backend, runId)).status).toBe('succeeded');
    await call('testCases.saveFromRun', { runId, name: 'Waits no time' });
    // Changed since: the step now fails, whatever was recorded.
    await call('runbooks.update', { id: runbookId, draft: waitFor('soon') });
    const [result] = await call('testCases.run', { runbookId });
    expect(result?.failures).toEqual([
      'expected the run to end succeeded, it ended failed: "Wait" failed: The delay must be 0 to 86400 seconds, not "soon".',
    ]);
  });
});
