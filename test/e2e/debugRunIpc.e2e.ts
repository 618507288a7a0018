/**
 * A debug run through the desktop shell's transport: the built main and preload bundles on a
 * stand-in Electron (see desktopShell.e2e.ts), the window's calls going through the real preload
 * bridge and IPC handler. The pause reaches the page as an event, its context is read, Step over
 * and Continue take the run to its end — as the HTTP transport does in debugRun.e2e.ts. And a run
 * of the tests tells the page of each case as it begins and finishes (testCases.progress).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEventMessage } from '../../shared/api/contract';
import type { IpcBridge } from '../../shared/api/ipcBridge';
import { firstWindowOf, pageBridge, startDesktopShell, stopDesktopShell } from './support/desktopShell';
import type { ElectronStandIn } from './support/electronStandIn';

let workDirectory = '';
let shell: ElectronStandIn;
let api: IpcBridge;
const events: ApiEventMessage[] = [];

/** A call through the bridge that must succeed. */
async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = await api.call(name, input);
  if (!result.ok) throw new Error(`${name} was refused: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The first event that `matches`, as the page receives them; waits at most about 20 s. */
async function eventWhere(matches: (message: ApiEventMessage) => boolean): Promise<ApiEventMessage> {
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    const found = events.find(matches);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the event did not reach the page');
}

const pausedAt = (runId: string, stepId: string) => (message: ApiEventMessage) =>
  message.name === 'runs.debugChanged' &&
  message.payload.runId === runId &&
  message.payload.pause?.stepId === stepId;

beforeAll(async () => {
  workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-debug-ipc-'));
  // The Node build of better-sqlite3 is the one this process can load.
  vi.stubEnv('RUNBOOK_DESIGNER_NATIVE_BINDING', '');
  vi.stubEnv('RUNBOOK_DESIGNER_SMOKE', '');
  vi.stubEnv('RUNBOOK_DESIGNER_DATA_DIR', path.join(workDirectory, 'data'));
  shell = startDesktopShell({
    userData: path.join(workDirectory, 'unused-user-data'),
    keychainKey: crypto.randomBytes(32),
    runsPreload: true,
  });
  api = pageBridge(await firstWindowOf(shell));
  api.onEvent((message) => events.push(message));
});

afterAll(async () => {
  await stopDesktopShell(shell);
  vi.unstubAllEnvs();
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

describe('a debug run through the IPC bridge', () => {
  it('pauses, shows its context, steps over and continues to the end', async () => {
    const { id: runbookId } = await ok<{ id: string }>('runbooks.create', { details: { name: 'Greet' } });
    await ok('runbooks.update', {
      id: runbookId,
      draft: {
        inputs: [{ name: 'who', type: 'string', defaultValue: 'ada' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          {
            id: 'greet',
            name: 'Greet',
            type: 'setVariables',
            assignments: [{ name: 'greeting', value: 'Hello {{inputs.who}}' }],
          },
          { id: 'done', name: 'Done', type: 'end', message: '{{vars.greeting}}' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'greet' },
          { from: 'greet', kind: 'next', to: 'done' },
        ],
      },
    });
    const runId = crypto.randomUUID();
    await ok('runs.start', { runId, runbookId, inputs: { who: 'grace' }, debug: { breakpoints: ['greet'] } });

    await eventWhere(pausedAt(runId, 'greet'));
    expect(await ok('runs.debugContext', { id: runId })).toMatchObject({
      pause: { stepId: 'greet', reason: 'breakpoint' },
      inputs: { who: 'grace' },
      fields: [{ template: 'Hello {{inputs.who}}', value: 'Hello grace', error: null }],
    });

    expect(await ok('runs.debugStepOver', { id: runId })).toEqual({ wasPaused: true });
    await eventWhere(pausedAt(runId, 'done'));
    expect(await ok('runs.debugContext', { id: runId })).toMatchObject({
      pause: { stepId: 'done', reason: 'stepOver' },
      vars: { greeting: 'Hello grace' },
    });

    expect(await ok('runs.debugContinue', { id: runId })).toEqual({ wasPaused: true });
    await eventWhere(
      (message) =>
        message.name === 'runs.changed' &&
        message.payload.run.id === runId &&
        message.payload.run.status === 'succeeded',
    );
    expect(await ok('runs.get', { id: runId })).toMatchObject({
      status: 'succeeded',
      message: 'Hello grace',
    });
  });
});

describe('test cases through the IPC bridge', () => {
  it('tells the page of each case as it begins and finishes, with the test run’s id', async () => {
    const { id: runbookId } = await ok<{ id: string }>('runbooks.create', { details: { name: 'Hello' } });
    await ok('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'done', name: 'Done', type: 'end', message: 'Hello' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      },
    });
    const runId = crypto.randomUUID();
    await ok('runs.start', { runId, runbookId });
    await eventWhere(
      (message) =>
        message.name === 'runs.changed' &&
        message.payload.run.id === runId &&
        message.payload.run.status === 'succeeded',
    );
    const saved = await ok<{ id: string }>('testCases.saveFromRun', { runId, name: 'Says hello' });
    const testRunId = crypto.randomUUID();
    const results = await ok<{ isPassed: boolean }[]>('testCases.run', { runbookId, testRunId });
    expect(results).toMatchObject([{ isPassed: true }]);
    const finished = await eventWhere(
      (message) =>
        message.name === 'testCases.progress' &&
        message.payload.testRunId === testRunId &&
        message.payload.state === 'passed',
    );
    expect(finished.payload).toMatchObject({ runbookId, testCaseId: saved.id, result: { isPassed: true } });
    const states = events.flatMap((message) =>
      message.name === 'testCases.progress' && message.payload.testRunId === testRunId
        ? [message.payload.state]
        : [],
    );
    expect(states).toEqual(['running', 'passed']);
  });
});
