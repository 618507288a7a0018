import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../backend';
import { openDatabase, type Database } from '../db/database';
import { createMethodRepository } from '../db/repositories/methodRepository';
import { createRunbookRepository } from '../db/repositories/runbookRepository';
import { startBackend } from '../testSupport/temporaryBackend';
import { methodDefinition, timestamp } from '../testSupport/temporaryDatabase';
import { inProcessApi } from '../testSupport/typedApi';

// Methods and runbooks have no calls yet: a second connection writes them with the repositories.
const connections: Database[] = [];
afterEach(() => {
  for (const db of connections.splice(0)) db.close();
});

function secondConnection(backend: Backend): Database {
  const db = openDatabase({ file: backend.databaseFile });
  connections.push(db);
  return db;
}

function addMethod(db: Database, integrationId: string, id: string): void {
  createMethodRepository(db).insert({
    id,
    integrationId,
    definition: methodDefinition({ name: id }),
    createdAt: timestamp,
    updatedAt: timestamp,
  });
}

function addRunbook(db: Database, id: string, name: string, methodIds: string[]): void {
  const runbooks = createRunbookRepository(db);
  runbooks.insert({
    id,
    name,
    description: '',
    category: '',
    tags: [],
    draft: {},
    createdAt: timestamp,
    updatedAt: timestamp,
  });
  runbooks.setMethodRefs(id, methodIds);
}

/** An integration with two configurations, two methods and two runbooks using them, and a bystander. */
async function setUp() {
  const backend = startBackend();
  const create = async (name: string) =>
    await inProcessApi(backend).call('integrations.create', { details: { name, category: 'PSA' } });
  const halo = await create('HaloPSA');
  const other = await create('NinjaOne');
  await backend.dispatch('configurations.create', { integrationId: halo.id, name: 'Production' });
  await backend.dispatch('configurations.create', { integrationId: halo.id, name: 'Staging' });
  const db = secondConnection(backend);
  addMethod(db, halo.id, 'get-ticket');
  addMethod(db, halo.id, 'close-ticket');
  addMethod(db, other.id, 'get-device');
  addRunbook(db, 'r-onboard', 'Onboard user', ['get-ticket']);
  addRunbook(db, 'r-close', 'Close stale tickets', ['get-ticket', 'close-ticket']);
  addRunbook(db, 'r-devices', 'Patch devices', ['get-device']);
  return { backend, db, halo };
}

describe('deleting an integration', () => {
  it('counts the configurations and methods that go with it and names the runbooks that use it', async () => {
    const { backend, halo } = await setUp();
    expect(await backend.dispatch('integrations.deletionImpact', { id: halo.id })).toEqual({
      configurations: 2,
      methods: 2,
      runbooks: [
        { id: 'r-close', name: 'Close stale tickets' },
        { id: 'r-onboard', name: 'Onboard user' },
      ],
    });
  });

  it('deletes its configurations and methods, and keeps the runbooks without them', async () => {
    const { backend, db, halo } = await setUp();
    await backend.dispatch('integrations.delete', { id: halo.id });
    const methods = createMethodRepository(db);
    expect(methods.get('get-ticket')).toBeUndefined();
    expect(methods.get('get-device')).toBeDefined();
    expect(await backend.dispatch('configurations.list', { integrationId: halo.id })).toEqual([]);
    const runbooks = createRunbookRepository(db);
    expect(runbooks.get('r-close')).toBeDefined();
    expect(runbooks.methodRefs('r-close')).toEqual([]);
    expect(runbooks.methodRefs('r-devices')).toEqual(['get-device']);
  });

  it('answers not_found for the impact of an integration that does not exist', async () => {
    const backend = startBackend();
    await expect(backend.dispatch('integrations.deletionImpact', { id: 'missing' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
