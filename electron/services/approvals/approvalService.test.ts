/**
 * Approvals through a real backend: a run waits (status "waiting"), is decided through the API,
 * survives the backend being closed and opened again on the same data directory, and takes its
 * timed_out exit when the deadline passed while the app was down.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { CallOutput } from '../../../shared/api/contract';
import { databaseFileName, type Backend } from '../backend';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { waitForRun } from '../testSupport/runs';

const draft = runbookGraphSchema.parse({
  inputs: [{ name: 'ticket', type: 'string', isRequired: false, defaultValue: 'T-7' }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'note', name: 'Note', type: 'setVariables', assignments: [{ name: 'who', value: 'desk' }] },
    { id: 'ask', name: 'Ask', type: 'approval', message: 'Close {{inputs.ticket}}?', timeoutMinutes: 60 },
    { id: 'yes', name: 'Yes', type: 'end', message: '{{vars.who}} approved: {{steps.ask.outputs.comment}}' },
    {
      id: 'no',
      name: 'No',
      type: 'end',
      outcome: 'failed',
      message: 'rejected by {{steps.ask.outputs.decidedBy}}',
    },
    { id: 'late', name: 'Late', type: 'end', message: 'timed out via {{steps.ask.outputs.decidedVia}}' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'note' },
    { from: 'note', kind: 'next', to: 'ask' },
    { from: 'ask', kind: 'approved', to: 'yes' },
    { from: 'ask', kind: 'rejected', to: 'no' },
    { from: 'ask', kind: 'timed_out', to: 'late' },
  ],
});

async function startWaitingRun(backend: Backend) {
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Close ticket' } });
  await api.call('runbooks.update', { id: runbookId, draft });
  const { runId } = await api.call('runs.start', { runbookId });
  return { runId, approval: await waitForApproval(backend, runId) };
}

/** The run's pending approval, once it waits (bounded). */
async function waitForApproval(
  backend: Backend,
  runId: string,
): Promise<CallOutput<'approvals.list'>[number]> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [approval] = await inProcessApi(backend).call('approvals.list', { runId });
    if (approval !== undefined) {
      // The run is announced as waiting once its approval is kept.
      const run = await inProcessApi(backend).call('runs.get', { id: runId });
      if (run.status === 'waiting') return approval;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never waited for its approval');
}

describe('approvals', () => {
  it('keeps a run waiting with its message resolved and a single-use link, listed as waiting', async () => {
    const backend = startBackend();
    const { runId, approval } = await startWaitingRun(backend);
    expect(approval).toMatchObject({ runId, stepId: 'ask', message: 'Close T-7?' });
    expect(approval.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approvals\/[A-Za-z0-9_-]{43}$/);
    const waiting = await inProcessApi(backend).call('runs.list', { status: 'waiting' });
    expect(waiting.map((run) => run.id)).toEqual([runId]);
    expect(await inProcessApi(backend).call('runs.list', { status: 'running' })).toEqual([]);
  });

  it('goes on along approved once approved through the API, the decision in its outputs', async () => {
    const backend = startBackend();
    const { runId } = await startWaitingRun(backend);
    const heard: string[] = [];
    backend.events.onDidEmit((event) => {
      if (event.name === 'approvals.changed') heard.push(event.payload.state);
    });
    await inProcessApi(backend).call('approvals.decide', {
      runId,
      decision: 'approved',
      comment: 'fine',
      decidedBy: 'Ann',
    });
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'desk approved: fine' });
    expect(run.steps.find((step) => step.stepId === 'ask')?.outputs).toMatchObject({
      decision: 'approved',
      decidedBy: 'Ann',
      decidedVia: 'api',
      comment: 'fine',
    });
    expect(heard).toEqual(['approved']);
    await expect(
      inProcessApi(backend).call('approvals.decide', { runId, decision: 'rejected' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('goes on along rejected once rejected', async () => {
    const backend = startBackend();
    const { runId } = await startWaitingRun(backend);
    await inProcessApi(backend).call('approvals.decide', { runId, decision: 'rejected', decidedBy: 'Bo' });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'failed', message: 'rejected by Bo' });
  });

  it('waits again after a restart, and an approval then completes the run', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const { runId } = await startWaitingRun(first);
    stopBackend(first);
    const second = startBackend(dataDirectory);
    await second.triggersReady;
    const approval = await waitForApproval(second, runId);
    expect(approval.message).toBe('Close T-7?');
    await inProcessApi(second).call('approvals.decide', { runId, decision: 'approved', comment: 'later' });
    const run = await waitForRun(second, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'desk approved: later' });
    // The approval step is recorded once, under its number, with the decision.
    expect(run.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['note', 'succeeded'],
      ['ask', 'succeeded'],
      ['yes', 'succeeded'],
    ]);
  });

  it('takes the timed_out exit when the deadline passed while the app was down', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const { runId } = await startWaitingRun(first);
    stopBackend(first);
    const db = new Database(path.join(dataDirectory, databaseFileName));
    db.prepare('UPDATE approvals SET deadline = ? WHERE run_id = ?').run('2000-01-01T00:00:00.000Z', runId);
    db.close();
    const second = startBackend(dataDirectory);
    await second.triggersReady;
    const run = await waitForRun(second, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'timed out via timeout' });
  });
});
