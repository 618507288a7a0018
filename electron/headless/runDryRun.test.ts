/** `runbook-designer run <file> --dry-run` against a real local API, which must receive no POST. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTicketRunbook,
  startRecordingApi,
  type RecordingApi,
} from '../services/rehearsal/testSupport/recordingApi';
import { startBackend, temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { inProcessApi } from '../services/testSupport/typedApi';
import { runCommand } from './runCommand';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

describe('run --dry-run', () => {
  it('sends the GET, not the POST, prints the POST it would have sent and succeeds on the example', async () => {
    const author = startBackend();
    const { runbookId } = await createTicketRunbook(author, api);
    const { content, fileName } = await inProcessApi(author).call('runbooks.export', { id: runbookId });
    const file = path.join(temporaryDirectory(), fileName);
    fs.writeFileSync(file, content);
    const before = api.received.length;

    const out: string[] = [];
    const errors: string[] = [];
    const code = await runCommand(
      startBackend(undefined, undefined, { commandLine: { credentials: () => undefined } }),
      { file, inputs: [], isDryRun: true },
      { out: (text) => out.push(text), err: (text) => errors.push(text) },
    );
    expect(code, errors.join('')).toBe(0);
    expect(api.received.slice(before)).toEqual(['GET /users/ada']);
    expect(errors.join('')).toContain(`↷ open not sent (dry run): POST ${api.url}/tickets`);
    expect(JSON.parse(out.join(''))).toMatchObject({
      status: 'succeeded',
      mode: 'dryRun',
      message: 'T-example',
      wouldHaveSent: [
        { stepId: 'open', request: { method: 'POST', body: '{"title": "For live@example.com"}' } },
      ],
    });
  });
});
