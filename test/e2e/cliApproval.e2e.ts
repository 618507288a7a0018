/**
 * A run of `runbook-designer run` that waits for an approval is decided in the app (or `serve`)
 * open on the same data folder: the command line's process waits on it, the other process writes
 * the decision, and the run goes on in the command line, which exits as the run ends. Two real
 * processes: the built CLI, and a backend in the test's own process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalDraft } from '../../electron/services/testSupport/drafts';
import { startBackend, stopBackend } from '../../electron/services/testSupport/temporaryBackend';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { startCli } from './support/cliProcess';
import { exportedRunbook } from './support/exportedRunbook';

const cliKey = 'cli-approval-e2e-key-0123456789abcdef';
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-cli-approval-'));
let runbookFile = '';

beforeAll(async () => {
  runbookFile = await exportedRunbook(workDirectory, 'Ask first', () => approvalDraft('restarted'));
}, 60_000);

afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));

/** Resolves once `read()` contains `text`; bounded (15 s). */
async function untilSaid(read: () => string, text: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (read().includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never said "${text}"; said:\n${read()}`);
}

describe('runbook-designer run, waiting for an approval', () => {
  it.each([
    ['approved', 0, 'succeeded'],
    ['rejected', 1, 'failed'],
  ] as const)(
    'goes on once it is %s in the app on its data folder; exit %i',
    async (decision, exitCode, status) => {
      const dataDirectory = fs.mkdtempSync(path.join(workDirectory, 'data-'));
      const run = startCli(['run', runbookFile, '--data-dir', dataDirectory], {
        RUNBOOK_DESIGNER_KEY: cliKey,
      });
      await untilSaid(run.stderr, 'waiting for approval');
      expect(run.stderr()).toContain('decide it in the app');

      const app = startBackend(dataDirectory, cliKey);
      const { call } = inProcessApi(app);
      const [waiting] = await call('approvals.list', {});
      expect(waiting).toMatchObject({ stepName: 'Ask', message: 'Go?' });
      await call('approvals.decide', { runId: waiting?.runId ?? '', decision, comment: 'from the app' });

      expect(await run.exited, run.stderr()).toBe(exitCode);
      expect(JSON.parse(run.stdout())).toMatchObject({ status });
      const recorded = await call('runs.get', { id: waiting?.runId ?? '' });
      expect(recorded.steps.find((step) => step.stepId === 'ask')?.outputs).toMatchObject({
        decision,
        comment: 'from the app',
      });
      stopBackend(app);
    },
  );
});
