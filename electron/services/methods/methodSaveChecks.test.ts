/** What saving a method refuses (an output that reads nothing) and what it asks to confirm. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

async function setUp(dataDirectory?: string) {
  const backend = startBackend(dataDirectory);
  const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'API', category: 'Other' },
  });
  return { backend, integrationId };
}

const withOutput = (expression: string) => ({
  name: 'List tickets',
  httpMethod: 'GET' as const,
  path: '/tickets',
  outputs: [
    { name: 'count', expression: 'response^count' },
    { name: 'firstId', expression },
  ],
});

describe('an output variable whose expression does not parse', () => {
  it('is refused when the method is created, naming the variable and the position', async () => {
    const { backend, integrationId } = await setUp();
    await expect(
      backend.dispatch('methods.create', { integrationId, definition: withOutput('$.[0]') }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Output variable "firstId": Unexpected "[" at position 2 in $.[0]',
      field: 'definition.outputs.1.expression',
    });
    expect(await inProcessApi(backend).call('methods.list', { integrationId })).toEqual([]);
  });

  it('is refused when the method is changed, and the stored method stays as it was', async () => {
    const { backend, integrationId } = await setUp();
    const created = await inProcessApi(backend).call('methods.create', {
      integrationId,
      definition: withOutput('$.tickets[0].id'),
    });
    await expect(
      backend.dispatch('methods.update', { id: created.id, definition: withOutput('response^tickets[0') }),
    ).rejects.toMatchObject({
      message: 'Output variable "firstId": Unexpected end of expression at position 18 in response^tickets[0',
      field: 'definition.outputs.1.expression',
    });
    const stored = await inProcessApi(backend).call('methods.get', { id: created.id });
    expect(stored.definition.outputs[1]?.expression).toBe('$.tickets[0].id');
  });

  it('is refused in an import, naming the method it belongs to by position', async () => {
    const { backend, integrationId } = await setUp();
    await expect(
      backend.dispatch('methods.importMany', {
        integrationId,
        definitions: [withOutput('status'), withOutput('oops')],
      }),
    ).rejects.toMatchObject({ field: 'definitions.1.outputs.1.expression' });
    expect(await inProcessApi(backend).call('methods.list', { integrationId })).toEqual([]);
  });

  it('stored by an earlier version, is still read, and refused only when saved again', async () => {
    const dataDirectory = temporaryDirectory();
    const first = await setUp(dataDirectory);
    const created = await inProcessApi(first.backend).call('methods.create', {
      integrationId: first.integrationId,
      definition: withOutput('$.tickets[0].id'),
    });
    const databaseFile = first.backend.databaseFile;
    stopBackend(first.backend);
    const db = openDatabase({ file: databaseFile });
    db.prepare('UPDATE methods SET definition = ? WHERE id = ?').run(
      JSON.stringify({ ...created.definition, outputs: [{ name: 'firstId', expression: '$.[0]' }] }),
      created.id,
    );
    db.close();

    const second = startBackend(dataDirectory);
    const stored = await inProcessApi(second).call('methods.get', { id: created.id });
    expect(stored.definition.outputs).toEqual([{ name: 'firstId', expression: '$.[0]' }]);
    await expect(
      second.dispatch('methods.update', { id: created.id, definition: stored.definition }),
    ).rejects.toMatchObject({ field: 'definition.outputs.0.expression' });
  });
});

const withHeaders = (...headers: { key: string; value: string }[]) => ({
  name: 'Who am I',
  httpMethod: 'GET' as const,
  path: '/me',
  headers: headers.map((header) => ({ ...header, description: '', isEnabled: true })),
});

describe('a credential typed into a header or query value', () => {
  it('is kept only once the user confirms it, the conflict naming the header', async () => {
    const { backend, integrationId } = await setUp();
    const definition = withHeaders({ key: 'Authorization', value: 'Bearer abc123' });
    await expect(backend.dispatch('methods.create', { integrationId, definition })).rejects.toMatchObject({
      code: 'conflict',
      message:
        'A credential is typed into the header Authorization: it would be stored in clear and go into ' +
        "every export. Put it in the integration's authorization (Connection) and a configuration, " +
        'or save it here anyway.',
      field: 'confirmTypedCredential',
    });
    expect(await inProcessApi(backend).call('methods.list', { integrationId })).toEqual([]);
    const created = await inProcessApi(backend).call('methods.create', {
      integrationId,
      definition,
      confirmTypedCredential: true,
    });
    expect(created.definition.headers[0]?.value).toBe('Bearer abc123');
  });

  it('once confirmed, is not asked about again; a new or changed one is', async () => {
    const { backend, integrationId } = await setUp();
    const api = inProcessApi(backend);
    const created = await api.call('methods.create', {
      integrationId,
      definition: withHeaders({ key: 'X-Api-Key', value: 'k-1' }),
      confirmTypedCredential: true,
    });
    await api.call('methods.update', {
      id: created.id,
      definition: { ...withHeaders({ key: 'x-api-key', value: 'k-1' }), name: 'Renamed' },
    });
    await expect(
      backend.dispatch('methods.update', {
        id: created.id,
        definition: withHeaders({ key: 'X-Api-Key', value: 'k-2' }),
      }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'confirmTypedCredential' });
    await expect(
      backend.dispatch('methods.update', {
        id: created.id,
        definition: {
          ...withHeaders({ key: 'X-Api-Key', value: 'k-1' }),
          query: [{ key: 'api_key', value: 'q' }],
        },
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('the query parameter api_key') as unknown });
  });

  it('is no credential when it comes from a {{variable}}', async () => {
    const { backend, integrationId } = await setUp();
    await inProcessApi(backend).call('methods.create', {
      integrationId,
      definition: withHeaders({ key: 'Authorization', value: 'Bearer {{config.api.token}}' }),
    });
  });
});

describe('a method’s own authorization with a user name and password in its token URL', () => {
  it('is refused when the method is saved, naming the setting and never the password', async () => {
    const { backend, integrationId } = await setUp();
    const definition = {
      name: 'Get',
      httpMethod: 'GET' as const,
      authorization: {
        mode: 'override' as const,
        settings: {
          type: 'jwtAssertion' as const,
          algorithm: 'HS256' as const,
          keyFormat: 'secret' as const,
          tokenUrl: 'https://client:hunter2pass@idp.example/token',
        },
      },
    };
    const refusal = await backend
      .dispatch('methods.create', { integrationId, definition })
      .catch((error: unknown) => error as object);
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      field: 'definition.authorization.settings.tokenUrl',
    });
    expect(JSON.stringify(refusal)).not.toContain('hunter2pass');
    expect(await inProcessApi(backend).call('methods.list', { integrationId })).toEqual([]);
  });
});
