import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { startBackend, stopBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** An integration with a primary configuration, one for a client and one more. */
async function setUp() {
  const backend = startBackend();
  const api = inProcessApi(backend);
  const integration = await api.call('integrations.create', { details: { name: 'API', category: 'PSA' } });
  const add = (name: string, clientName = '') =>
    api.call('configurations.create', { integrationId: integration.id, name, clientName });
  const production = await add('Production');
  const contoso = await add('Contoso tenant', 'Contoso');
  const staging = await add('Staging');
  return {
    backend,
    configurations: backend.configurations,
    integrationId: integration.id,
    production,
    contoso,
    staging,
  };
}

describe('configuration lookups', () => {
  it('finds the primary configuration, and none for an integration without configurations', async () => {
    const { configurations, integrationId, production } = await setUp();
    expect(configurations.primaryId(integrationId)).toBe(production.id);
    expect(configurations.primaryId('no-such-integration')).toBeUndefined();
  });

  it("finds a client's configuration, and none for the empty client", async () => {
    const { configurations, integrationId, contoso } = await setUp();
    expect(configurations.idForClient(integrationId, 'Contoso')).toBe(contoso.id);
    expect(configurations.idForClient(integrationId, 'Fabrikam')).toBeUndefined();
    expect(configurations.idForClient(integrationId, '')).toBeUndefined();
  });

  it('finds a configuration by name, ignoring case and surrounding spaces', async () => {
    const { configurations, integrationId, staging } = await setUp();
    expect(configurations.idByName(integrationId, '  staging ')).toBe(staging.id);
    expect(configurations.idByName(integrationId, 'Stage')).toBeUndefined();
  });

  it('finds a configuration named before the one-line rule by the name its export writes', async () => {
    const { backend, integrationId, staging } = await setUp();
    // As an earlier version stored it: a tab pasted into the name.
    const { databaseFile } = backend;
    stopBackend(backend);
    const db = openDatabase({ file: databaseFile });
    db.prepare('UPDATE configurations SET name = ? WHERE id = ?').run('Stag\ting', staging.id);
    db.close();
    const reopened = startBackend(path.dirname(databaseFile));
    try {
      expect(reopened.configurations.idByName(integrationId, 'stag ing')).toBe(staging.id);
    } finally {
      stopBackend(reopened);
    }
  });

  it('lists the client name of each configuration, "" for those of no client', async () => {
    const { configurations, integrationId } = await setUp();
    expect(configurations.clientNames(integrationId).sort()).toEqual(['', '', 'Contoso']);
    expect(configurations.clientNames('no-such-integration')).toEqual([]);
  });
});
