/**
 * What an earlier version stored that saving now refuses — a base URL without http://, an output
 * variable whose expression does not read: the export leaves it out and says so, so the file
 * imports (the import refuses such a part in a file from anyone else).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { openDatabase } from '../db/database';
import { startBackend, stopBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

describe('a base URL stored before base URLs were checked', () => {
  it('is left out of the export, which says so, and the file imports', async () => {
    const first = startBackend();
    const { id } = await call(first, 'integrations.create', {
      details: { name: 'Helpdesk', category: 'PSA' },
    });
    await call(first, 'integrations.updateDefinition', {
      id,
      definition: { baseUrl: 'https://helpdesk.example/api' },
    });
    const { id: methodId } = await call(first, 'methods.create', {
      integrationId: id,
      definition: { name: 'List', httpMethod: 'GET', path: '/tickets' },
    });
    const { id: runbookId } = await call(first, 'runbooks.create', { details: { name: 'Check' } });
    await call(first, 'runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'list', name: 'List', type: 'method', methodId, arguments: {} },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'list' }],
      },
    });
    const { databaseFile } = first;
    stopBackend(first);
    const db = openDatabase({ file: databaseFile });
    db.prepare('UPDATE integrations SET base_url = ? WHERE id = ?').run('127.0.0.1:8080/api', id);
    db.close();
    const backend = startBackend(path.dirname(databaseFile));
    expect((await call(backend, 'integrations.definition', { id })).baseUrl).toBe('127.0.0.1:8080/api');

    const integrationFile = await call(backend, 'integrations.export', { id });
    expect(integrationFile.content).not.toContain('127.0.0.1:8080');
    expect(integrationFile.warnings).toEqual([
      'The base URL of "Helpdesk" is not an http(s) address (127.0.0.1:8080/api), so the file leaves it out: set it on its Connection tab where the file is imported.',
    ]);
    const elsewhere = startBackend();
    const { integrationId } = await call(elsewhere, 'integrations.import', {
      content: integrationFile.content,
    });
    expect((await call(elsewhere, 'integrations.definition', { id: integrationId })).baseUrl).toBe('');

    const runbookFile = await call(backend, 'runbooks.export', { id: runbookId });
    expect(runbookFile.warnings).toEqual(integrationFile.warnings);
    await call(startBackend(), 'runbooks.import', { content: runbookFile.content });
  });
});

describe('an output variable stored before expressions were checked', () => {
  it('is left out of the export, which says so, and the file imports and matches its method', async () => {
    const first = startBackend();
    const { id } = await call(first, 'integrations.create', {
      details: { name: 'Helpdesk', category: 'PSA' },
    });
    const { id: methodId } = await call(first, 'methods.create', {
      integrationId: id,
      definition: {
        name: 'List',
        httpMethod: 'GET',
        outputs: [
          { name: 'first', expression: '$[0]' },
          { name: 'id', expression: '$[1]' },
        ],
      },
    });
    const { databaseFile } = first;
    stopBackend(first);
    const db = openDatabase({ file: databaseFile });
    const row = db
      .prepare<[string], { definition: string }>('SELECT definition FROM methods WHERE id = ?')
      .get(methodId);
    db.prepare('UPDATE methods SET definition = ? WHERE id = ?').run(
      (row?.definition ?? '').replace('$[1]', '$.[0'),
      methodId,
    );
    db.close();
    const backend = startBackend(path.dirname(databaseFile));

    const { content, warnings } = await call(backend, 'integrations.export', { id });
    expect(warnings).toEqual([
      '"List" of Helpdesk has the output variable "id", whose expression does not read (Unexpected "[" at position 2 in $.[0), so the file leaves it out.',
    ]);
    const elsewhere = startBackend();
    const { integrationId } = await call(elsewhere, 'integrations.import', { content });
    const [method] = await call(elsewhere, 'methods.list', { integrationId });
    expect(method?.definition.outputs).toEqual([{ name: 'first', expression: '$[0]' }]);
    const plan = await call(backend, 'integrations.previewImport', { content });
    expect(plan.methods).toEqual([{ name: 'List', action: 'match' }]);
  });
});
