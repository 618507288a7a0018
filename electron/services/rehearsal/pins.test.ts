/**
 * Pinned step results through the whole backend against a local API: pinned from a Test, a run
 * and as edited JSON; used by designer runs; never by the command line, webhooks, schedules or
 * published versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/api/contract';
import { rehearsalOf } from '../../../shared/rehearsal/rehearsal';
import type { SchedulerClock } from '../triggers/scheduler';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createTicketRunbook, startRecordingApi, type RecordingApi } from './testSupport/recordingApi';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

const lookupPin = { status: 200, outputs: { email: 'pinned@example.com' } };

describe('pins', () => {
  it('pins from a Test, a run and edited JSON, lists and unpins', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId, lookup, integrationId } = await createTicketRunbook(backend, api);
    const method = await call('methods.get', { id: lookup });
    const tested = await call('methods.test', {
      integrationId,
      methodId: lookup,
      definition: method.definition,
      variables: { who: 'ada' },
    });
    const fromTest = await call('pins.fromTest', { runbookId, stepId: 'lookup', result: tested });
    expect(fromTest).toMatchObject({
      stepId: 'lookup',
      from: 'test',
      status: 200,
      outputs: { email: 'live@example.com' },
    });

    const { runId } = await call('runs.start', { runbookId, mode: 'dryRun' });
    const run = await waitForRun(backend, runId);
    const openRecord = run.steps.find((step) => step.stepId === 'open');
    const fromRun = await call('pins.fromRun', { runId, seq: openRecord?.seq ?? 0 });
    expect(fromRun).toMatchObject({
      stepId: 'open',
      from: 'run',
      status: 201,
      outputs: { ticketId: 'T-example' },
    });
    expect(rehearsalOf(fromRun.response)).toBeUndefined();

    await call('pins.set', { runbookId, stepId: 'lookup', pin: lookupPin });
    expect((await call('pins.list', { runbookId })).map((pin) => [pin.stepId, pin.from])).toEqual([
      ['lookup', 'edited'],
      ['open', 'run'],
    ]);
    expect(await call('pins.delete', { runbookId, stepId: 'open' })).toEqual({ wasPinned: true });
    expect(await call('pins.delete', { runbookId, stepId: 'open' })).toEqual({ wasPinned: false });
    expect((await call('pins.list', { runbookId })).map((pin) => pin.stepId)).toEqual(['lookup']);
  });

  it('refuses to pin the Start step, a part the step does not read, and a pin that does not read', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    await expect(call('pins.set', { runbookId, stepId: 'start', pin: lookupPin })).rejects.toThrow(
      /is where a run begins and has no result; it cannot be pinned/,
    );
    await expect(call('pins.set', { runbookId, stepId: 'done', pin: lookupPin })).rejects.toThrow(
      /"status" means nothing to it/,
    );
    await expect(call('pins.set', { runbookId, stepId: 'lookup', pin: { outputs: {} } })).rejects.toThrow(
      /A pin of "Lookup" needs "status"/,
    );
    await expect(call('pins.set', { runbookId, stepId: 'gone', pin: lookupPin })).rejects.toThrow(
      /not in the runbook/,
    );
    await expect(
      backend.dispatch('pins.set', { runbookId, stepId: 'lookup', pin: { status: 'two hundred' } }),
    ).rejects.toThrow();
  });

  it('answers a pinned step from its pin in designer runs, and says so in the record', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    await call('pins.set', { runbookId, stepId: 'lookup', pin: lookupPin });
    let run: CallOutput<'runs.get'> | undefined;
    const received = await api.during(async () => {
      const { runId } = await call('runs.start', { runbookId });
      run = await waitForRun(backend, runId);
    });
    expect(received).toEqual(['POST /tickets']);
    expect(run).toMatchObject({ status: 'succeeded', mode: 'live', message: 'T-live' });
    const lookup = run?.steps.find((step) => step.stepId === 'lookup');
    expect(rehearsalOf(lookup?.response)).toEqual({ source: 'pin', wouldHaveSent: false });
  });

  it('never uses pins in a run of a published version, nor when it is run again', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api, {
      webhook: { isEnabled: true, authentication: 'none' },
    });
    await call('pins.set', { runbookId, stepId: 'lookup', pin: lookupPin });
    await backend.triggersReady;
    await call('runbooks.publish', { id: runbookId, note: 'v1' });
    const url = (await call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';
    const received = await api.during(async () => {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const { runId } = (await answer.json()) as { runId: string };
      expect((await waitForRun(backend, runId)).versionId).not.toBeNull();
      await waitForRun(backend, (await call('runs.rerun', { id: runId })).runId);
    });
    expect(received).toEqual(['GET /users/ada', 'POST /tickets', 'GET /users/ada', 'POST /tickets']);
  });

  it('never uses pins in a scheduled run', async () => {
    let now = Date.parse('2026-11-23T09:59:59.000Z');
    const timers: { at: number; callback: () => void }[] = [];
    const clock: SchedulerClock = {
      now: () => new Date(now),
      setTimer: (ms, callback) => {
        const timer = { at: now + ms, callback };
        timers.push(timer);
        return { cancel: () => void timers.splice(timers.indexOf(timer), 1) };
      },
    };
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    const { call } = inProcessApi(backend);
    await backend.triggersReady;
    const { runbookId } = await createTicketRunbook(backend, api, {
      schedule: { isEnabled: true, expression: '0 0 10 * * *', timeZone: 'UTC' },
    });
    await call('pins.set', { runbookId, stepId: 'lookup', pin: lookupPin });
    await call('runbooks.publish', { id: runbookId, note: 'v1' });
    const received = await api.during(async () => {
      now += 1_000;
      for (const timer of timers.splice(0)) if (timer.at <= now) timer.callback();
      await expect.poll(async () => (await call('runs.list', { runbookId })).length).toBe(1);
      const [scheduled] = await call('runs.list', { runbookId });
      expect((await waitForRun(backend, scheduled?.id ?? '')).trigger).toBe('schedule');
    });
    expect(received).toEqual(['GET /users/ada', 'POST /tickets']);
  });

  it('never uses pins when the command line runs the draft', async () => {
    const backend = startBackend(undefined, undefined, { commandLine: { credentials: () => undefined } });
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    await call('pins.set', { runbookId, stepId: 'lookup', pin: lookupPin });
    const received = await api.during(async () => {
      const { runId } = await call('runs.start', { runbookId });
      expect(await waitForRun(backend, runId)).toMatchObject({ trigger: 'cli', status: 'succeeded' });
    });
    expect(received).toEqual(['GET /users/ada', 'POST /tickets']);
  });
});
