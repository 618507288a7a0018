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
import { inputEchoDraft, oneStepDraft } from '../testSupport/drafts';
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

describe('a recorded "__proto__" key', () => {
  it('is kept by a test case saved from a run, its file, the import of that file, and a pin', async () => {
    const authorBackend = startBackend();
    const author = inProcessApi(authorBackend);
    const { id: runbookId } = await author.call('runbooks.create', { details: { name: 'Proto' } });
    // A valid variable name, and a JSON object (an API's, say) with such a key of its own.
    const assignments = [
      { name: '__proto__', value: '1' },
      { name: 'body', value: '{{inputs.data}}' },
    ];
    await author.call('runbooks.update', {
      id: runbookId,
      draft: {
        ...oneStepDraft({ id: 'set', name: 'Set', type: 'setVariables', assignments }),
        inputs: [{ name: 'data', type: 'json', isRequired: false }],
      },
    });
    const data = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown;
    const { runId } = await author.call('runs.start', { runbookId, inputs: { data } });
    await waitForRun(authorBackend, runId);
    await author.call('testCases.saveFromRun', { runId, name: 'Keeps keys' });
    const outputsOf = async (api: typeof author, id: string) =>
      (await api.call('testCases.list', { runbookId: id }))[0]?.outcome.outputs.set;
    const expected = JSON.parse('{"__proto__": "1", "body": {"__proto__": {"x": 1}, "a": 2}}') as unknown;
    expect(await outputsOf(author, runbookId)).toEqual(expected);

    const { content } = await author.call('runbooks.export', { id: runbookId });
    const teammate = inProcessApi(startBackend());
    const { runbookId: importedId } = await teammate.call('runbooks.import', { content, mode: 'copy' });
    expect(await outputsOf(teammate, importedId)).toEqual(expected);
    expect((await teammate.call('runbooks.export', { id: importedId })).content).toBe(content);

    const pin = JSON.parse('{"outputs": {"__proto__": 1, "a": 2}}') as { outputs: Record<string, unknown> };
    const pinned = await author.call('pins.set', { runbookId, stepId: 'set', pin });
    expect(Object.keys(pinned.outputs)).toEqual(['__proto__', 'a']);
  });

  it('is kept as an input of a test case by the import of its file, its answers and its export', async () => {
    const authorBackend = startBackend();
    const author = inProcessApi(authorBackend);
    const { id: runbookId } = await author.call('runbooks.create', { details: { name: 'Proto input' } });
    await author.call('runbooks.update', {
      id: runbookId,
      draft: inputEchoDraft('ticket', 'got'),
    });
    const { runId } = await author.call('runs.start', { runbookId, inputs: { ticket: 'T-1' } });
    await waitForRun(authorBackend, runId);
    await author.call('testCases.saveFromRun', { runId, name: 'Input named __proto__' });
    // A file whose test case was saved from a run given an input named "__proto__" (a valid name).
    const file = JSON.parse((await author.call('runbooks.export', { id: runbookId })).content) as {
      testCases: { inputs: Record<string, unknown> }[];
    };
    const inputs = file.testCases[0]?.inputs ?? {};
    Object.defineProperty(inputs, '__proto__', { value: 'hello', enumerable: true });
    const content = `${JSON.stringify(file, null, 2)}\n`;

    const teammate = inProcessApi(startBackend());
    const { runbookId: importedId } = await teammate.call('runbooks.import', { content, mode: 'copy' });
    const [imported] = await teammate.call('testCases.list', { runbookId: importedId });
    expect(JSON.stringify(imported?.inputs)).toBe('{"ticket":"T-1","__proto__":"hello"}');
    expect(Object.getPrototypeOf(imported?.inputs)).toBe(Object.prototype);
    const exported = (await teammate.call('runbooks.export', { id: importedId })).content;
    expect(exported).toContain('"__proto__": "hello"');
  });

  it('is still refused outside what a run recorded', async () => {
    const author = inProcessApi(startBackend());
    const { id: runbookId } = await author.call('runbooks.create', { details: { name: 'Plain' } });
    const { content } = await author.call('runbooks.export', { id: runbookId });
    await expect(
      author.call('runbooks.previewImport', {
        content: content.replace('"runbook": {', '"runbook": {"__proto__": {"isAdmin": true},'),
        mode: 'copy',
      }),
    ).rejects.toThrow(/contains the key "__proto__"/);
  });
});

describe('recorded text in a test case', () => {
  it('keeps recorded text of several lines under keys a file checks as names ("name", "label", "tags")', async () => {
    const authorBackend = startBackend();
    const author = inProcessApi(authorBackend);
    const { id: runbookId } = await author.call('runbooks.create', { details: { name: 'Lines' } });
    await author.call('runbooks.update', {
      id: runbookId,
      draft: inputEchoDraft('data', 'body', { type: 'json' }),
    });
    // What an API may answer: a name over two lines, a label with a tab, tags with a line break.
    const data = { name: 'two\nlines', label: 'a\tb', tags: ['x\r\ny'] };
    const { runId } = await author.call('runs.start', { runbookId, inputs: { data } });
    await waitForRun(authorBackend, runId);
    const saved = await author.call('testCases.saveFromRun', { runId, name: 'Lines' });
    await author.call('testCases.update', {
      id: saved.id,
      expectations: [{ kind: 'output', stepId: 'set', name: 'body', equals: data }],
    });
    const { content } = await author.call('runbooks.export', { id: runbookId });

    const teammate = inProcessApi(startBackend());
    const { runbookId: importedId } = await teammate.call('runbooks.import', { content, mode: 'copy' });
    const [imported] = await teammate.call('testCases.list', { runbookId: importedId });
    expect(imported?.inputs).toEqual({ data });
    expect(imported?.outcome.outputs.set).toEqual({ body: data });
    expect(imported?.expectations).toEqual([{ kind: 'output', stepId: 'set', name: 'body', equals: data }]);
    expect((await teammate.call('runbooks.export', { id: importedId })).content).toBe(content);
  });

  it('still refuses a test case whose own name is over two lines', async () => {
    const author = inProcessApi(startBackend());
    const { id: runbookId } = await author.call('runbooks.create', { details: { name: 'Named' } });
    const file = JSON.parse((await author.call('runbooks.export', { id: runbookId })).content) as Record<
      string,
      unknown
    >;
    file.testCases = [
      {
        name: 'two\nlines',
        recordings: [],
        outcome: { status: 'succeeded', message: null, path: [], outputs: {} },
      },
    ];
    await expect(
      author.call('runbooks.previewImport', { content: JSON.stringify(file), mode: 'copy' }),
    ).rejects.toThrow(
      'This file cannot be imported: testCases[0].name contains the control character U+000A.',
    );
  });
});
