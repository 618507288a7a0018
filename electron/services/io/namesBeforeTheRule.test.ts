/**
 * The export of rows named before the one-line rule (a tab, another control character or U+FFFD
 * in a name, or nothing else): imported into the folder it came from it matches those rows, and
 * two such rows whose names differ only by those characters, or a name made of them alone, still
 * give a file the import takes. Rows are seeded in SQLite as an earlier version stored them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { openDatabase, type Database } from '../db/database';
import { nameKey } from '../db/repositories/integrationRepository';
import { startBackend, stopBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

/** What an earlier version stored: names written as typed, straight into the rows. */
const storedAs = {
  integration: (db: Database, id: string, name: string) =>
    db.prepare('UPDATE integrations SET name = ?, name_key = ? WHERE id = ?').run(name, nameKey(name), id),
  runbook: (db: Database, id: string, name: string) =>
    db.prepare('UPDATE runbooks SET name = ?, name_key = ? WHERE id = ?').run(name, nameKey(name), id),
  tags: (db: Database, id: string, tags: string[]) =>
    db.prepare('UPDATE runbooks SET tags = ? WHERE id = ?').run(JSON.stringify(tags), id),
  configuration: (db: Database, id: string, name: string) =>
    db.prepare('UPDATE configurations SET name = ? WHERE id = ?').run(name, id),
  method: (db: Database, id: string, name: string) => {
    const row = db
      .prepare<[string], { definition: string }>('SELECT definition FROM methods WHERE id = ?')
      .get(id);
    const definition = { ...(JSON.parse(row?.definition ?? '{}') as object), name };
    db.prepare('UPDATE methods SET name = ?, definition = ? WHERE id = ?').run(
      name,
      JSON.stringify(definition),
      id,
    );
  },
};

/** Stops the backend, lets `edit` write its rows as an earlier version did, and starts it again. */
function reopenedAfter(backend: Backend, edit: (db: Database) => void): Backend {
  const { databaseFile } = backend;
  stopBackend(backend);
  const db = openDatabase({ file: databaseFile });
  edit(db);
  db.close();
  return startBackend(path.dirname(databaseFile));
}

/** An integration with a method and two configurations; the names are changed afterwards. */
async function integrationWithMethod(backend: Backend, name: string, methods: string[]) {
  const { id } = await call(backend, 'integrations.create', { details: { name, category: 'PSA' } });
  await call(backend, 'integrations.updateDefinition', {
    id,
    definition: { baseUrl: 'https://api.example', auth: { type: 'bearer' } },
  });
  const methodIds: string[] = [];
  for (const method of methods) {
    const created = await call(backend, 'methods.create', {
      integrationId: id,
      definition: { name: method, httpMethod: 'GET', path: `/${method.length.toString()}` },
    });
    methodIds.push(created.id);
  }
  return { id, methodIds };
}

/** A runbook whose steps send the methods given (each in the configuration given) and run the runbooks given. */
async function runbookUsing(
  backend: Backend,
  name: string,
  uses: { methods?: { methodId: string; configurationId?: string }[]; runbookIds?: string[] },
) {
  const { id } = await call(backend, 'runbooks.create', { details: { name } });
  const sends = (uses.methods ?? []).map(({ methodId, configurationId }, index) => ({
    id: `send${index.toString()}`,
    name: `Send ${index.toString()}`,
    type: 'method' as const,
    methodId,
    configuration:
      configurationId === undefined
        ? { mode: 'primary' as const }
        : { mode: 'named' as const, configurationId },
    arguments: {},
  }));
  const runs = (uses.runbookIds ?? []).map((runbookId, index) => ({
    id: `run${index.toString()}`,
    name: `Run ${index.toString()}`,
    type: 'runRunbook' as const,
    runbookId,
    inputs: {},
  }));
  const steps = [{ id: 'start', name: 'Start', type: 'start' as const }, ...sends, ...runs];
  await call(backend, 'runbooks.update', {
    id,
    draft: {
      steps,
      edges: steps.slice(1).map((step, index) => ({
        from: steps[index]?.id ?? 'start',
        kind: index === 0 ? ('next' as const) : ('success' as const),
        to: step.id,
      })),
    },
  });
  return id;
}

const count = async (backend: Backend) => ({
  integrations: (await call(backend, 'integrations.list', {})).total,
  runbooks: (await call(backend, 'runbooks.list', {})).total,
});

describe('an integration named before the rule', () => {
  it('is matched, with its methods, when its own file is imported into its folder', async () => {
    const first = startBackend();
    const { id, methodIds } = await integrationWithMethod(first, 'Helpdesk', ['List', 'Get']);
    await call(first, 'configurations.create', {
      integrationId: id,
      name: 'Prod',
      secrets: { token: 't-1' },
    });
    const backend = reopenedAfter(first, (db) => {
      storedAs.integration(db, id, 'Help\tdesk');
      storedAs.method(db, methodIds[0] ?? '', 'Li\u0001st');
    });
    const { content } = await call(backend, 'integrations.export', { id });
    expect(content).toContain('"name": "Help desk"');

    const plan = await call(backend, 'integrations.previewImport', { content });
    expect(plan.action).toBe('match');
    expect(plan.methods.map((method) => method.action)).toEqual(['match', 'match']);
    const { integrationId } = await call(backend, 'integrations.import', { content });
    expect(integrationId).toBe(id);
    expect((await count(backend)).integrations).toBe(1);
    expect(await call(backend, 'methods.list', { integrationId: id })).toHaveLength(2);
  });
});

describe('a runbook file of rows named before the rule', () => {
  it('matches its integration, method, configuration and runbooks when imported into its folder', async () => {
    const first = startBackend();
    const { id: integrationId, methodIds } = await integrationWithMethod(first, 'Helpdesk', ['List']);
    const methodId = methodIds[0] ?? '';
    const { id: configurationId } = await call(first, 'configurations.create', {
      integrationId,
      name: 'Prod',
    });
    const childId = await runbookUsing(first, 'Child', { methods: [{ methodId }] });
    const mainId = await runbookUsing(first, 'Check access', {
      methods: [{ methodId, configurationId }],
      runbookIds: [childId],
    });
    const backend = reopenedAfter(first, (db) => {
      storedAs.integration(db, integrationId, 'Help\tdesk');
      storedAs.method(db, methodId, 'List\u001b');
      storedAs.configuration(db, configurationId, 'Pro\td');
      storedAs.runbook(db, childId, 'Chi\u0000ld');
      storedAs.runbook(db, mainId, 'Check\taccess');
    });
    const { content } = await call(backend, 'runbooks.export', { id: mainId });

    const plan = await call(backend, 'runbooks.previewImport', { content, mode: 'copy' });
    expect(plan.integrations.map((integration) => integration.action)).toEqual(['match']);
    expect(plan.integrations[0]?.methods.map((method) => method.action)).toEqual(['match']);
    expect(plan.runbooks.map((runbook) => runbook.action)).toEqual(['useExisting']);
    expect([plan.runbook.action, plan.runbook.finalName]).toEqual(['copy', 'Check access (copy)']);
    expect(plan.notes.join('\n')).not.toContain('not here');

    const { runbookId } = await call(backend, 'runbooks.import', { content, mode: 'copy' });
    expect(await count(backend)).toEqual({ integrations: 1, runbooks: 3 });
    const copy = await call(backend, 'runbooks.get', { id: runbookId });
    const send = copy.draft.steps.find((step) => step.id === 'send0');
    const run = copy.draft.steps.find((step) => step.id === 'run0');
    expect(send).toMatchObject({ methodId, configuration: { mode: 'named', configurationId } });
    expect(run).toMatchObject({ runbookId: childId });

    const replaced = await call(backend, 'runbooks.import', { content, mode: 'replaceDraft' });
    expect(replaced.runbookId).toBe(mainId);
    expect(await count(backend)).toEqual({ integrations: 1, runbooks: 3 });
  });
});

describe('two rows whose names differ only by such characters', () => {
  it('give a file that imports elsewhere, and imported here finds each of them', async () => {
    const first = startBackend();
    const helpdesk = await integrationWithMethod(first, 'Helpdesk', ['List', 'List2']);
    const other = await integrationWithMethod(first, 'Help desk', ['Get']);
    const [listId, list2Id] = helpdesk.methodIds;
    const { id: prodId } = await call(first, 'configurations.create', {
      integrationId: helpdesk.id,
      name: 'Prod',
    });
    const { id: prod2Id } = await call(first, 'configurations.create', {
      integrationId: helpdesk.id,
      name: 'Pro d',
    });
    const childId = await runbookUsing(first, 'A', { methods: [{ methodId: other.methodIds[0] ?? '' }] });
    const mainId = await runbookUsing(first, 'A1', {
      methods: [
        { methodId: listId ?? '', configurationId: prodId },
        { methodId: list2Id ?? '', configurationId: prod2Id },
      ],
      runbookIds: [childId],
    });
    const backend = reopenedAfter(first, (db) => {
      storedAs.integration(db, helpdesk.id, 'Help\tdesk');
      storedAs.method(db, listId ?? '', 'List\u0001');
      storedAs.method(db, list2Id ?? '', 'List');
      storedAs.configuration(db, prodId, 'Pro\td');
      storedAs.runbook(db, mainId, 'A\u0001');
    });
    const { content } = await call(backend, 'runbooks.export', { id: mainId });

    const elsewhere = startBackend();
    await call(elsewhere, 'runbooks.import', { content });
    expect((await call(elsewhere, 'integrations.list', {})).items.map((item) => item.name)).toEqual([
      'Help desk',
      'Help desk (copy)',
    ]);
    expect((await call(elsewhere, 'runbooks.list', {})).items.map((item) => item.name)).toEqual([
      'A',
      'A (copy)',
    ]);

    const { runbookId } = await call(backend, 'runbooks.import', { content, mode: 'replaceDraft' });
    expect(runbookId).toBe(mainId);
    expect(await count(backend)).toEqual({ integrations: 2, runbooks: 2 });
    expect(await call(backend, 'methods.list', { integrationId: helpdesk.id })).toHaveLength(2);
    const { draft } = await call(backend, 'runbooks.get', { id: mainId });
    expect(draft.steps.filter((step) => step.type === 'method')).toMatchObject([
      { methodId: listId, configuration: { configurationId: prodId } },
      { methodId: list2Id, configuration: { configurationId: prod2Id } },
    ]);
    expect(draft.steps.find((step) => step.type === 'runRunbook')).toMatchObject({ runbookId: childId });

    const integrationFile = await call(backend, 'integrations.export', { id: helpdesk.id });
    const again = startBackend();
    await call(again, 'integrations.import', { content: integrationFile.content });
    const [imported] = (await call(again, 'integrations.list', {})).items;
    const methods = await call(again, 'methods.list', { integrationId: imported?.id ?? '' });
    expect(methods.map((method) => method.definition.name)).toEqual(['List', 'List (copy)']);
  });
});

describe('a name made of such characters alone', () => {
  it('is written under a name the import takes, and imported here finds its row', async () => {
    const first = startBackend();
    const { id, methodIds } = await integrationWithMethod(first, 'Helpdesk', ['List']);
    const methodId = methodIds[0] ?? '';
    await call(first, 'integrations.updateDefinition', {
      id,
      definition: {
        baseUrl: 'https://api.example',
        customFields: [{ name: 'region', label: 'Region', type: 'text' }],
      },
    });
    const { id: configurationId } = await call(first, 'configurations.create', {
      integrationId: id,
      name: 'Prod',
    });
    const mainId = await runbookUsing(first, 'Check', { methods: [{ methodId, configurationId }] });
    const backend = reopenedAfter(first, (db) => {
      storedAs.integration(db, id, '\u0001');
      storedAs.method(db, methodId, '\u0002\t');
      storedAs.configuration(db, configurationId, '\u0003');
      storedAs.runbook(db, mainId, '\u0004');
      storedAs.tags(db, mainId, ['\u0005', 'on call']);
      db.prepare('UPDATE integrations SET custom_fields = ? WHERE id = ?').run(
        JSON.stringify([{ name: 'region', label: '\u0006', type: 'text' }]),
        id,
      );
      const testCase = {
        name: '\u0007',
        inputs: {},
        client: '',
        recordings: [],
        outcome: { status: 'succeeded', message: null, path: ['start'], outputs: {} },
        expectations: [],
      };
      db.prepare(
        `INSERT INTO runbook_test_cases (id, runbook_id, name, test_case, created_at, updated_at)
         VALUES ('case', ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
      ).run(mainId, testCase.name, JSON.stringify(testCase));
    });
    const { content } = await call(backend, 'runbooks.export', { id: mainId });

    const elsewhere = startBackend();
    const imported = await call(elsewhere, 'runbooks.import', { content });
    const runbook = await call(elsewhere, 'runbooks.get', { id: imported.runbookId });
    expect([runbook.name, runbook.tags]).toEqual(['Unnamed runbook', ['on call']]);
    const [integration] = (await call(elsewhere, 'integrations.list', {})).items;
    expect(integration?.name).toBe('Unnamed integration');
    const definition = await call(elsewhere, 'integrations.definition', { id: integration?.id ?? '' });
    expect(definition.customFields.map((field) => field.label)).toEqual(['region']);
    const [testCase] = await call(elsewhere, 'testCases.list', { runbookId: imported.runbookId });
    expect(testCase?.name).toBe('Unnamed test case');

    const plan = await call(backend, 'runbooks.previewImport', { content, mode: 'replaceDraft' });
    expect(plan.integrations).toEqual([
      {
        name: 'Unnamed integration',
        action: 'match',
        methods: [{ name: 'Unnamed method', action: 'match' }],
      },
    ]);
    expect(plan.runbook.action).toBe('replaceDraft');
    expect(plan.notes.join('\n')).not.toContain('not here');
    const integrationFile = await call(backend, 'integrations.export', { id });
    expect(
      (await call(backend, 'integrations.import', { content: integrationFile.content })).integrationId,
    ).toBe(id);
    expect(await count(backend)).toEqual({ integrations: 1, runbooks: 1 });
  });
});

describe('a method whose texts an earlier version saved with a control character', () => {
  it('is the same method when its own file is imported into its folder', async () => {
    const first = startBackend();
    const { id, methodIds } = await integrationWithMethod(first, 'Helpdesk', ['List']);
    const methodId = methodIds[0] ?? '';
    const backend = reopenedAfter(first, (db) => {
      const row = db
        .prepare<[string], { definition: string }>('SELECT definition FROM methods WHERE id = ?')
        .get(methodId);
      const definition = {
        ...(JSON.parse(row?.definition ?? '{}') as object),
        description: 'All\u0000tickets',
        query: [{ key: 'page', value: '1', description: 'Page\u0007', isEnabled: true }],
      };
      db.prepare('UPDATE methods SET definition = ? WHERE id = ?').run(JSON.stringify(definition), methodId);
    });
    const { content } = await call(backend, 'integrations.export', { id });
    const plan = await call(backend, 'integrations.previewImport', { content });
    expect(plan.methods).toEqual([{ name: 'List', action: 'match' }]);
    expect(plan.notes).toEqual([]);
  });
});
