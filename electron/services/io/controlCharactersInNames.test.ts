/**
 * Control characters in names through the real backend: a tab pasted into a name (a spreadsheet's
 * cell) is saved as a space, any other control character is refused at the field in the import's
 * words, and what the app exports of rows saved before that rule (a tab, a NUL, a line break, U+FFFD
 * in their names) still imports elsewhere.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { openDatabase } from '../db/database';
import { nameKey } from '../db/repositories/integrationRepository';
import { waitForRun } from '../testSupport/runs';
import { startBackend, stopBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

/** An integration, its method and configuration, and a runbook whose step uses both, named as given. */
async function author(
  backend: Backend,
  names: Record<'integration' | 'method' | 'configuration' | 'runbook' | 'step', string>,
) {
  const { id: integrationId } = await call(backend, 'integrations.create', {
    details: { name: names.integration, category: 'PSA\tdesk', versionLabel: 'v\t2' },
  });
  await call(backend, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: 'https://api.example', variablePrefix: 'api' },
  });
  const { id: methodId } = await call(backend, 'methods.create', {
    integrationId,
    definition: { name: names.method, httpMethod: 'GET', path: '/items' },
  });
  const { id: configurationId } = await call(backend, 'configurations.create', {
    integrationId,
    name: names.configuration,
  });
  const { id: runbookId } = await call(backend, 'runbooks.create', {
    details: { name: names.runbook, category: 'Ops\tdaily', tags: ['on\tcall'] },
  });
  await call(backend, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'get',
          name: names.step,
          type: 'method',
          methodId,
          configuration: { mode: 'named', configurationId },
          arguments: {},
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'get' },
        { from: 'get', kind: 'success', to: 'done' },
      ],
      positions: { start: { x: 0, y: 0 }, get: { x: 0, y: 140 }, done: { x: 0, y: 280 } },
    },
  });
  return { integrationId, methodId, configurationId, runbookId };
}

/** Imports a runbook file into a fresh backend: its runbook, the step's name, the integration's names. */
async function importElsewhere(content: string) {
  const elsewhere = startBackend();
  const { runbookId } = await call(elsewhere, 'runbooks.import', { content });
  const runbook = await call(elsewhere, 'runbooks.get', { id: runbookId });
  const [integration] = (await call(elsewhere, 'integrations.list', {})).items;
  const methods = await call(elsewhere, 'methods.list', { integrationId: integration?.id ?? '' });
  return {
    runbook,
    stepNames: runbook.draft.steps.map((step) => step.name),
    integration,
    methodNames: methods.map((method) => method.definition.name),
  };
}

const tabbed = {
  integration: 'Help\tdesk',
  method: 'List\ttickets',
  configuration: 'Pro\td',
  runbook: 'Check\taccess',
  step: 'Get\titem',
};

describe('a tab pasted into a name', () => {
  it('is saved as a space, and the export of what holds it imports elsewhere', async () => {
    const backend = startBackend();
    const { integrationId, runbookId } = await author(backend, tabbed);
    const [integration] = (await call(backend, 'integrations.list', {})).items;
    expect([integration?.name, integration?.category, integration?.versionLabel]).toEqual([
      'Help desk',
      'PSA desk',
      'v 2',
    ]);
    const [method] = await call(backend, 'methods.list', { integrationId });
    expect(method?.definition.name).toBe('List tickets');
    const [configuration] = await call(backend, 'configurations.list', { integrationId });
    expect(configuration?.name).toBe('Pro d');
    const runbook = await call(backend, 'runbooks.get', { id: runbookId });
    expect([runbook.name, runbook.category, runbook.tags]).toEqual([
      'Check access',
      'Ops daily',
      ['on call'],
    ]);

    const { content } = await call(backend, 'runbooks.export', { id: runbookId });
    expect(content).not.toContain('\\t');
    const imported = await importElsewhere(content);
    expect(imported.runbook.name).toBe('Check access');
    expect(imported.stepNames).toContain('Get item');
    expect(imported.integration?.name).toBe('Help desk');
    expect(imported.methodNames).toEqual(['List tickets']);

    const integrationFile = await call(backend, 'integrations.export', { id: integrationId });
    const elsewhere = startBackend();
    await call(elsewhere, 'integrations.import', { content: integrationFile.content });
    const [again] = (await call(elsewhere, 'integrations.list', {})).items;
    expect(again?.name).toBe('Help desk');
  });

  it('in a file an earlier version wrote is read as a space, the layout still found', async () => {
    const backend = startBackend();
    const { runbookId } = await author(backend, {
      integration: 'Helpdesk',
      method: 'List',
      configuration: 'Prod',
      runbook: 'Check access',
      step: 'Get item',
    });
    const { content } = await call(backend, 'runbooks.export', { id: runbookId });
    // As a version that saved tabs wrote them, layout keyed by the runbook's name included.
    const written = content
      .replaceAll('"Check access"', '"Check\\taccess"')
      .replaceAll('"Helpdesk"', '"Help\\tdesk"')
      .replaceAll('"Get item"', '"Get\\titem"')
      .replaceAll('"Prod"', '"Pro\\td"');
    expect(written).toContain('"Check\\taccess": {');
    const imported = await importElsewhere(written);
    expect(imported.runbook.name).toBe('Check access');
    expect(imported.stepNames).toContain('Get item');
    expect(imported.integration?.name).toBe('Help desk');
    expect(imported.runbook.draft.positions.get).toEqual({ x: 0, y: 140 });
  });
});

describe('another control character or U+FFFD in a name', () => {
  it.each([
    [
      'an integration name',
      'details.name',
      'Name contains the control character U+0000',
      (backend: Backend) =>
        call(backend, 'integrations.create', { details: { name: 'Help\u0000desk', category: 'PSA' } }),
    ],
    [
      'an integration description',
      'details.description',
      'Description contains the control character U+001B',
      (backend: Backend) =>
        call(backend, 'integrations.create', {
          details: { name: 'Help', category: 'PSA', description: '\u001b[31mred' },
        }),
    ],
    [
      'a runbook tag',
      'details.tags.0',
      'A tag contains the control character U+000A',
      (backend: Backend) =>
        call(backend, 'runbooks.create', { details: { name: 'Sweep', tags: ['two\nlines'] } }),
    ],
    [
      'a runbook name',
      'details.name',
      'Name contains U+FFFD',
      (backend: Backend) => call(backend, 'runbooks.create', { details: { name: 'Caf\uFFFD' } }),
    ],
  ])('is refused at the field when saving %s, in the words of the import', async (_, field, words, save) => {
    const backend = startBackend();
    await expect(save(backend)).rejects.toMatchObject({
      code: 'invalid_input',
      field,
      message: expect.stringContaining(`${field}: ${words}`) as unknown,
    });
  });

  it('is refused at the field when saving a method, a configuration or a custom field label', async () => {
    const backend = startBackend();
    const { id: integrationId } = await call(backend, 'integrations.create', {
      details: { name: 'Help', category: 'PSA' },
    });
    await expect(
      call(backend, 'methods.create', {
        integrationId,
        definition: { name: 'List\u0007', httpMethod: 'GET' },
      }),
    ).rejects.toMatchObject({
      field: 'definition.name',
      message: 'definition.name: Name contains the control character U+0007',
    });
    await expect(
      call(backend, 'configurations.create', { integrationId, name: 'Pr\rod' }),
    ).rejects.toMatchObject({ field: 'name', message: 'name: Name contains the control character U+000D' });
    await expect(
      call(backend, 'integrations.updateDefinition', {
        id: integrationId,
        definition: {
          protocol: 'secrets',
          customFields: [{ name: 'token', label: 'To\u0000ken', type: 'password' }],
        },
      }),
    ).rejects.toMatchObject({ field: 'definition.customFields.0.label' });
    expect(await call(backend, 'methods.list', { integrationId })).toEqual([]);
    expect(await call(backend, 'configurations.list', { integrationId })).toEqual([]);
  });
});

describe('names saved before the rule', () => {
  it('still list and open, and their export imports elsewhere', async () => {
    const first = startBackend();
    const { integrationId, methodId, configurationId, runbookId } = await author(first, {
      integration: 'Helpdesk',
      method: 'List',
      configuration: 'Prod',
      runbook: 'Check access',
      step: 'Get item',
    });
    const { databaseFile } = first;
    stopBackend(first);
    // Written as an earlier version stored them: its calls took these names.
    const db = openDatabase({ file: databaseFile });
    const integrationName = 'Help\tdesk\u0001';
    db.prepare('UPDATE integrations SET name = ?, name_key = ?, description = ? WHERE id = ?').run(
      integrationName,
      nameKey(integrationName),
      'Tickets\u0000 and users',
      integrationId,
    );
    const runbookName = 'Check\taccess\nnow';
    const draft = db
      .prepare<[string], { draft: string }>('SELECT draft FROM runbooks WHERE id = ?')
      .get(runbookId)?.draft;
    db.prepare('UPDATE runbooks SET name = ?, name_key = ?, tags = ?, draft = ? WHERE id = ?').run(
      runbookName,
      runbookName.toLocaleLowerCase('en'),
      JSON.stringify(['on\tcall']),
      (draft ?? '').replace('"Get item"', '"Get\\u0007item"'),
      runbookId,
    );
    const method = db
      .prepare<[string], { definition: string }>('SELECT definition FROM methods WHERE id = ?')
      .get(methodId)?.definition;
    db.prepare('UPDATE methods SET name = ?, definition = ? WHERE id = ?').run(
      'Li\uFFFDst',
      (method ?? '').replace('"List"', '"Li\\ufffdst"'),
      methodId,
    );
    db.prepare('UPDATE configurations SET name = ? WHERE id = ?').run('Pro\td', configurationId);
    db.close();

    const backend = startBackend(path.dirname(databaseFile));
    const [listed] = (await call(backend, 'runbooks.list', {})).items;
    expect(listed?.name).toBe(runbookName);
    expect((await call(backend, 'integrations.list', {})).items[0]?.name).toBe(integrationName);
    expect((await call(backend, 'methods.list', { integrationId }))[0]?.definition.name).toBe('Li\uFFFDst');
    expect((await call(backend, 'configurations.list', { integrationId }))[0]?.name).toBe('Pro\td');
    expect((await call(backend, 'runbooks.get', { id: runbookId })).draft.steps[1]?.name).toBe(
      'Get\u0007item',
    );

    const { content } = await call(backend, 'runbooks.export', { id: runbookId });
    const imported = await importElsewhere(content);
    expect(imported.runbook.name).toBe('Check access now');
    expect(imported.runbook.tags).toEqual(['on call']);
    expect(imported.stepNames).toContain('Get item');
    expect(imported.integration?.name).toBe('Help desk');
    expect(imported.integration?.description).toBe('Tickets  and users');
    expect(imported.methodNames).toEqual(['Li st']);
    // The configuration is chosen by its name, written as the import reads it.
    expect(content).toContain('"configurationName": "Pro d"');

    const integrationFile = await call(backend, 'integrations.export', { id: integrationId });
    const elsewhere = startBackend();
    await call(elsewhere, 'integrations.import', { content: integrationFile.content });
    expect((await call(elsewhere, 'integrations.list', {})).items[0]?.name).toBe('Help desk');
  });
});

describe('a control character in an OpenAPI operation', () => {
  it('is written as a space in the method it gives, so the methods picked are saved', async () => {
    const backend = startBackend();
    const { id: integrationId } = await call(backend, 'integrations.create', {
      details: { name: 'Pets', category: 'Other' },
    });
    const document = {
      openapi: '3.0.3',
      info: { title: 'Pets', version: '1' },
      paths: {
        '/pets': {
          get: {
            summary: 'List\u001bpets\tnow',
            description: 'All\fthe pets',
            responses: { 200: { description: 'OK' } },
          },
        },
      },
    };
    const preview = await call(backend, 'methods.previewOpenApi', { source: JSON.stringify(document) });
    const definitions = preview.operations.map((operation) => operation.definition);
    expect(definitions.map((definition) => [definition.name, definition.description])).toEqual([
      ['List pets now', 'All the pets'],
    ]);
    const { created } = await call(backend, 'methods.importMany', { integrationId, definitions });
    expect(created.map((method) => method.definition.name)).toEqual(['List pets now']);
  });
});

describe("a test case's name", () => {
  it('is saved with a tab as a space, refused with another control character, and exported so', async () => {
    const backend = startBackend();
    const { id: runbookId } = await call(backend, 'runbooks.create', { details: { name: 'Smoke' } });
    await call(backend, 'runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      },
    });
    const { runId } = await call(backend, 'runs.start', { runbookId });
    await waitForRun(backend, runId);
    const saved = await call(backend, 'testCases.saveFromRun', { runId, name: 'Quick\tcheck' });
    expect(saved.name).toBe('Quick check');
    await expect(
      call(backend, 'testCases.update', { id: saved.id, name: 'Quick\u0000check' }),
    ).rejects.toMatchObject({ field: 'name', message: 'name: Name contains the control character U+0000' });
    const { content } = await call(backend, 'runbooks.export', { id: runbookId });
    expect(content).toContain('"name": "Quick check"');
    const elsewhere = startBackend();
    const { runbookId: importedId } = await call(elsewhere, 'runbooks.import', { content });
    const [imported] = await call(elsewhere, 'testCases.list', { runbookId: importedId });
    expect(imported?.name).toBe('Quick check');
  });
});
