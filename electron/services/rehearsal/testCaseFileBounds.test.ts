/**
 * A test case keeps only what it reads back and what its runbook's file can carry. An import
 * refuses a file holding an object of more than 10,000 keys (exchangeDocument.ts), so a case
 * recording one is refused where it is saved, and a case saved before that rule still lists, runs
 * and exports (left out of the file, said so); a case its own schema would not read back is
 * refused too, not saved out of sight.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { waitForRun } from '../testSupport/runs';
import { oneStepDraft } from '../testSupport/drafts';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** An object of `count` users by id, as a directory API might answer. */
const usersById = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`u${String(index)}`, index]));

/** An API answering every request with `usersById(width)`. */
let directoryApi: LocalServer;
let width = 12_000;
beforeAll(async () => {
  directoryApi = await listen(
    http.createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      // The text a report API might answer: 900,000 characters.
      if (request.url === '/report') response.end(JSON.stringify({ text: 'x'.repeat(900_000) }));
      else response.end(JSON.stringify(usersById(width)));
    }),
  );
});
afterAll(() => directoryApi.close());

/** A backend whose runbook "Directory" fetches the users (output `users` = the whole body), run once. */
async function ranDirectory(users: number) {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Directory API', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: directoryApi.url },
  });
  const { id: methodId } = await api.call('methods.create', {
    integrationId,
    definition: {
      name: 'Users',
      httpMethod: 'GET',
      path: '/users',
      outputs: [{ name: 'users', expression: '$' }],
    },
  });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Directory' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'fetch', name: 'Fetch users', type: 'method', methodId }),
  });
  width = users;
  const { runId } = await api.call('runs.start', { runbookId });
  expect((await waitForRun(backend, runId)).status).toBe('succeeded');
  return { backend, api, runbookId, runId };
}

describe('a test case recording an object of more than 10,000 keys', () => {
  it('is refused where the run is saved as a test case, naming the step, the output and the limit', async () => {
    const { api, runbookId, runId } = await ranDirectory(12_000);
    await expect(api.call('testCases.saveFromRun', { runId, name: 'All users' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'runId',
      message:
        'The output "users" of "Fetch users" holds an object of more than 10,000 keys; a runbook\'s file carries ' +
        "at most 10,000 keys in one object, so a test case cannot keep it: its runbook's file could not be " +
        'imported. Narrow the output to the part the case needs (its expression), run again and save that run.',
    });
    expect(await api.call('testCases.list', { runbookId })).toEqual([]);
  });

  it('saved before this rule, still lists, edits, runs, and is left out of the exported file with a warning', async () => {
    const { backend, api, runbookId, runId } = await ranDirectory(3);
    const few = await api.call('testCases.saveFromRun', { runId, name: 'Few users' });
    const all = await api.call('testCases.saveFromRun', { runId, name: 'All users' });
    // As such a case was saved before: the whole answer recorded, kept by the output and expected.
    const wide = usersById(12_000);
    const db = openDatabase({ file: backend.databaseFile });
    const row = db.prepare('SELECT test_case FROM runbook_test_cases WHERE id = ?').get(all.id) as {
      test_case: string;
    };
    const content = JSON.parse(row.test_case) as {
      recordings: { response: { body: string; size: number } }[];
      outcome: { outputs: Record<string, Record<string, unknown>> };
      expectations: unknown[];
    };
    const body = JSON.stringify(wide);
    for (const recording of content.recordings)
      recording.response = { ...recording.response, body, size: body.length };
    content.outcome.outputs.fetch = { ...content.outcome.outputs.fetch, users: wide };
    content.expectations.push({ kind: 'output', stepId: 'fetch', name: 'users', equals: wide });
    db.prepare('UPDATE runbook_test_cases SET test_case = ? WHERE id = ?').run(
      JSON.stringify(content),
      all.id,
    );
    db.close();

    const listed = await api.call('testCases.list', { runbookId });
    expect(listed.map((testCase) => testCase.name)).toEqual(['Few users', 'All users']);
    expect(Object.keys(listed[1]?.outcome.outputs.fetch?.users ?? {})).toHaveLength(12_000);
    // Renamed in the editor, which sends its expectations again as they are.
    const expectations = listed[1]?.expectations ?? [];
    await api.call('testCases.update', { id: all.id, name: 'Every user', expectations });
    // …but such a value newly expected of another case is refused, saying why.
    await expect(
      api.call('testCases.update', { id: few.id, expectations: [...expectations] }),
    ).rejects.toThrow(
      'The value expected of the output "users" of "Fetch users" holds an object of more than 10,000 keys',
    );
    width = 12_000;
    expect(await api.call('testCases.run', { runbookId })).toMatchObject([
      { name: 'Few users', isPassed: true },
      { name: 'Every user', isPassed: true },
    ]);

    const exported = await api.call('runbooks.export', { id: runbookId });
    expect(exported.warnings).toEqual([
      'The test case "Every user" is left out of the file, which could not be imported with it. The output ' +
        '"users" of "Fetch users" holds an object of more than 10,000 keys; a runbook\'s file carries at most ' +
        '10,000 keys in one object.',
    ]);
    const teammate = inProcessApi(startBackend());
    const { runbookId: importedId } = await teammate.call('runbooks.import', {
      content: exported.content,
      mode: 'copy',
    });
    expect(
      (await teammate.call('testCases.list', { runbookId: importedId })).map((testCase) => testCase.name),
    ).toEqual(['Few users']);
    // Nothing of the case is lost where it was saved.
    expect(await api.call('testCases.list', { runbookId })).toHaveLength(2);
  });
});

describe('a run recording more than a test case reads back', () => {
  it('is refused where it is saved, naming the step, instead of saved unreadable', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    // A child setting 1,100 variables (11 Set variables steps of 100): its Run runbook step's outputs.
    const { id: childId } = await api.call('runbooks.create', { details: { name: 'Many variables' } });
    const sets = Array.from({ length: 11 }, (_, set) => ({
      id: `set${String(set)}`,
      name: `Set ${String(set)}`,
      type: 'setVariables' as const,
      assignments: Array.from({ length: 100 }, (_, index) => ({
        name: `v${String(set * 100 + index)}`,
        value: 'x',
      })),
    }));
    const steps = [
      { id: 'start', name: 'Start', type: 'start' as const },
      ...sets,
      { id: 'done', name: 'Done', type: 'end' as const },
    ];
    const edges = steps.slice(1).map((step, index) => ({
      from: steps[index]?.id ?? '',
      kind: 'next' as const,
      to: step.id,
    }));
    await api.call('runbooks.update', { id: childId, draft: { steps, edges } });
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Parent' } });
    await api.call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'child', name: 'Take variables', type: 'runRunbook', runbookId: childId }),
    });
    const { runId } = await api.call('runs.start', { runbookId });
    expect((await waitForRun(backend, runId)).status).toBe('succeeded');
    await expect(api.call('testCases.saveFromRun', { runId, name: 'Wide' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'runId',
      message:
        'The outputs of "Take variables" cannot be kept in a test case (At most 1,000 entries), so this run ' +
        'cannot be saved as one.',
    });
    // Nothing is kept out of sight either (a row the list cannot read is left out of it).
    const db = openDatabase({ file: backend.databaseFile });
    expect(db.prepare('SELECT COUNT(*) AS count FROM runbook_test_cases').get()).toEqual({ count: 0 });
    db.close();
  });
});

/** A backend whose runbook "Report" fetches the report, `copies` outputs each keeping its text, run once. */
async function ranReport(copies: number) {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Report API', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: directoryApi.url },
  });
  const outputs = Array.from({ length: copies }, (_, index) => ({
    name: `text${String(index)}`,
    expression: '$.text',
  }));
  const { id: methodId } = await api.call('methods.create', {
    integrationId,
    definition: { name: 'Report', httpMethod: 'GET', path: '/report', outputs },
  });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Report' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'fetch', name: 'Fetch report', type: 'method', methodId }),
  });
  const { runId } = await api.call('runs.start', { runbookId });
  expect((await waitForRun(backend, runId)).status).toBe('succeeded');
  return { backend, api, runbookId, runId };
}

describe('test cases taking more than the 4 MB a runbook file is read up to', () => {
  it('one such case is refused where it is saved, naming the step whose outputs take most', async () => {
    const { api, runbookId, runId } = await ranReport(5);
    await expect(api.call('testCases.saveFromRun', { runId, name: 'Five copies' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'runId',
      message: expect.stringMatching(
        /^The test case would take 4\.\d MB in its runbook's file, read up to 4 MB \(the outputs of "Fetch report" take 4\.\d MB\), so a test case cannot keep it/,
      ) as unknown,
    });
    expect(await api.call('testCases.list', { runbookId })).toEqual([]);
  });

  it('cases that fit alone but not together: the export leaves out what does not fit, saying so', async () => {
    const { api, runbookId, runId } = await ranReport(2);
    for (const name of ['First', 'Second', 'Third']) await api.call('testCases.saveFromRun', { runId, name });
    const exported = await api.call('runbooks.export', { id: runbookId });
    expect(exported.warnings).toEqual([
      'The test case "Third" is left out of the file, which would take more than the 4 MB an import reads with it.',
    ]);
    const teammate = inProcessApi(startBackend());
    const { runbookId: importedId } = await teammate.call('runbooks.import', {
      content: exported.content,
      mode: 'copy',
    });
    const imported = await teammate.call('testCases.list', { runbookId: importedId });
    expect(imported.map((testCase) => testCase.name)).toEqual(['First', 'Second']);
  });
});

describe('expectations that would take a test case past the 4 MB a runbook file is read up to', () => {
  /** Expecting each of the first `count` outputs (900,000 characters each) of "Fetch report". */
  const expectingTexts = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      kind: 'output' as const,
      stepId: 'fetch',
      name: `text${String(index)}`,
      equals: 'x'.repeat(900_000),
    }));

  it('are refused by testCases.update, which keeps the case as it was', async () => {
    const { api, runbookId, runId } = await ranReport(3);
    const saved = await api.call('testCases.saveFromRun', { runId, name: 'Three copies' });
    await expect(
      api.call('testCases.update', { id: saved.id, expectations: expectingTexts(2) }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'expectations',
      message: expect.stringMatching(
        /^The test case would take 4\.\d MB in its runbook's file, read up to 4 MB \(the values it expects take 1\.\d MB\), so a test case cannot keep it: its runbook's file could not be imported\. Expect fewer or smaller values/,
      ) as unknown,
    });
    const [kept] = await api.call('testCases.list', { runbookId });
    expect(kept?.expectations).toEqual([{ kind: 'outcome', status: 'succeeded' }]);
    // The export carries the case, as it was.
    const exported = await api.call('runbooks.export', { id: runbookId });
    expect(exported.warnings).toEqual([]);
  });

  it('are refused with the run saved in one call, which then saves nothing', async () => {
    const { api, runbookId, runId } = await ranReport(3);
    await expect(
      api.call('testCases.saveFromRun', { runId, name: 'Three copies', expectations: expectingTexts(2) }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'expectations',
      message: expect.stringMatching(/\(the values it expects take 1\.\d MB\)/) as unknown,
    });
    expect(await api.call('testCases.list', { runbookId })).toEqual([]);
    // Those that fit are saved with the case, in the same call.
    const saved = await api.call('testCases.saveFromRun', {
      runId,
      name: 'Three copies',
      expectations: expectingTexts(1),
    });
    expect(saved.expectations).toEqual(expectingTexts(1));
    expect((await api.call('testCases.list', { runbookId }))[0]?.expectations).toEqual(expectingTexts(1));
  });
});

describe('a test case imported from a file written without indentation', () => {
  it('is refused when the app would write it past the 4 MB an import reads, naming the case', async () => {
    const { api, runbookId, runId } = await ranReport(1);
    await api.call('testCases.saveFromRun', { runId, name: 'Compact' });
    const exported = JSON.parse((await api.call('runbooks.export', { id: runbookId })).content) as {
      testCases: { outcome: { outputs: Record<string, Record<string, unknown>> } }[];
    };
    // 180,000 short texts kept by an output: 2.9 MB written compactly, 5 MB indented.
    const items = Array.from({ length: 180_000 }, (_, index) => `item ${String(index).padStart(6, '0')}`);
    const [testCase] = exported.testCases;
    if (testCase !== undefined) testCase.outcome.outputs.fetch = { text0: 'short', items, status: 200 };
    const compact = JSON.stringify(exported);
    expect(compact.length).toBeLessThan(4 * 1024 * 1024);
    const teammate = inProcessApi(startBackend());
    await expect(teammate.call('runbooks.import', { content: compact, mode: 'copy' })).rejects.toThrow(
      /^This file cannot be imported: the test case "Compact" holds more than a runbook's file carries as the app writes it, so it could not be exported again\. The test case would take 5\.0 MB in its runbook's file, read up to 4 MB \(the outputs of "Fetch report" take 3\.3 MB\)\.$/,
    );
    expect(await teammate.call('runbooks.list', {})).toMatchObject({ items: [] });
  });
});
