/**
 * A runbook's test cases travel in its file: exported with it, imported with it (replacing the
 * draft's cases only when the file has some, said in the plan first), the same bytes when exported
 * again, and passing in the data directory they were imported into, where nothing is configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunbookFile } from '../../../shared/io/readRunbookFile';
import {
  createTicketRunbook,
  startRecordingApi,
  type RecordingApi,
} from '../rehearsal/testSupport/recordingApi';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

describe('test cases in runbook files', () => {
  it('round-trip with the runbook and pass where they are imported', async () => {
    const authorBackend = startBackend();
    const author = inProcessApi(authorBackend);
    const { runbookId } = await createTicketRunbook(authorBackend, api);
    const plain = (await author.call('runbooks.export', { id: runbookId })).content;
    expect(readRunbookFile(plain).testCases).toBeUndefined();
    const { runId } = await author.call('runs.start', { runbookId });
    await waitForRun(authorBackend, runId);
    await author.call('testCases.saveFromRun', { runId, name: 'Opens a ticket' });
    const { content } = await author.call('runbooks.export', { id: runbookId });
    expect(readRunbookFile(content).testCases?.map((testCase) => testCase.name)).toEqual(['Opens a ticket']);

    const teammate = inProcessApi(startBackend());
    const { runbookId: importedId } = await teammate.call('runbooks.import', { content, mode: 'copy' });
    expect((await teammate.call('runbooks.export', { id: importedId })).content).toBe(content);
    const before = api.received.length;
    expect(await teammate.call('testCases.run', { runbookId: importedId })).toMatchObject([
      { name: 'Opens a ticket', isPassed: true },
    ]);
    expect(api.received.slice(before)).toEqual([]);

    // A file without cases leaves the draft's; a file with cases replaces them.
    await teammate.call('runbooks.import', { content: plain, mode: 'replaceDraft' });
    expect(await teammate.call('testCases.list', { runbookId: importedId })).toHaveLength(1);
    const renamed = content.replace('"Opens a ticket"', '"Opens one ticket"');
    const { name } = await teammate.call('runbooks.get', { id: importedId });
    const replacing = `Replacing the draft of "${name}" also replaces its 1 saved test case with the file's 1.`;
    // Said before, so the user does not lose the saved cases unawares; not said of a copy.
    expect(
      (await teammate.call('runbooks.previewImport', { content: renamed, mode: 'replaceDraft' })).notes,
    ).toContain(replacing);
    expect(
      (await teammate.call('runbooks.previewImport', { content: renamed, mode: 'copy' })).notes,
    ).not.toContain(replacing);
    expect(
      (await teammate.call('runbooks.import', { content: renamed, mode: 'replaceDraft' })).plan.notes,
    ).toContain(replacing);
    expect(
      (await teammate.call('testCases.list', { runbookId: importedId })).map((testCase) => testCase.name),
    ).toEqual(['Opens one ticket']);
  });
});
