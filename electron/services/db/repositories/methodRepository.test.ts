import { describe, expect, it } from 'vitest';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { methodDefinition, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import type { Database } from '../database';
import { createIntegrationRepository } from './integrationRepository';
import { createMethodRepository } from './methodRepository';

const row = (id: string, definition: MethodDefinition, integrationId = 'integration-1') => ({
  id,
  integrationId,
  definition,
  createdAt: timestamp,
  updatedAt: timestamp,
});

function addIntegration(db: Database, id: string, name: string): void {
  createIntegrationRepository(db).insert({
    id,
    name,
    category: 'PSA',
    description: '',
    notes: '',
    versionLabel: '',
    createdAt: timestamp,
    updatedAt: timestamp,
  });
}

describe('method repository', () => {
  it('stores a method definition and reads it back whole', () => {
    const methods = createMethodRepository(temporaryDatabase());
    const definition = methodDefinition({
      httpMethod: 'POST',
      headers: [{ key: 'X-Trace', value: '{{vars.trace}}', description: '', isEnabled: true }],
      body: { kind: 'json', text: '{"summary":"{{inputs.summary}}"}' },
      outputs: [{ name: 'title', expression: 'response^title!' }],
    });
    methods.insert(row('m1', definition));
    expect(methods.get('m1')).toEqual(row('m1', definition));
  });

  it('answers undefined for a method that does not exist', () => {
    expect(createMethodRepository(temporaryDatabase()).get('missing')).toBeUndefined();
  });

  it('lists an integration’s methods by name, case-insensitively', () => {
    const methods = createMethodRepository(temporaryDatabase());
    for (const name of ['Update ticket', 'create ticket', 'Get ticket']) {
      methods.insert(row(name.replace(' ', '-'), methodDefinition({ name })));
    }
    expect(methods.listByIntegration('integration-1').map((method) => method.definition.name)).toEqual([
      'create ticket',
      'Get ticket',
      'Update ticket',
    ]);
  });

  it('bounds a listing by its limit', () => {
    const methods = createMethodRepository(temporaryDatabase());
    for (const name of ['A', 'B', 'C']) methods.insert(row(name, methodDefinition({ name })));
    expect(methods.listByIntegration('integration-1', 2).map((method) => method.id)).toEqual(['A', 'B']);
  });

  it('lists only the methods of the integration asked for', () => {
    const db = temporaryDatabase();
    addIntegration(db, 'integration-2', 'NinjaOne');
    const methods = createMethodRepository(db);
    methods.insert(row('halo', methodDefinition({ name: 'Get ticket' })));
    methods.insert(row('ninja', methodDefinition({ name: 'Get device' }), 'integration-2'));
    expect(methods.listByIntegration('integration-2').map((method) => method.id)).toEqual(['ninja']);
  });

  it('updates a method, name, HTTP method and path included', () => {
    const methods = createMethodRepository(temporaryDatabase());
    methods.insert(row('m1', methodDefinition()));
    const changed = methodDefinition({ name: 'Delete ticket', httpMethod: 'DELETE', path: '/tickets/{id}' });
    expect(methods.update('m1', changed, '2026-11-24T00:00:00.000Z')).toBe(true);
    expect(methods.get('m1')).toMatchObject({ definition: changed, updatedAt: '2026-11-24T00:00:00.000Z' });
  });

  it('answers false when updating or deleting a method that does not exist', () => {
    const methods = createMethodRepository(temporaryDatabase());
    expect(methods.update('missing', methodDefinition(), timestamp)).toBe(false);
    expect(methods.delete('missing')).toBe(false);
  });

  it('deletes a method', () => {
    const methods = createMethodRepository(temporaryDatabase());
    methods.insert(row('m1', methodDefinition()));
    expect(methods.delete('m1')).toBe(true);
    expect(methods.get('m1')).toBeUndefined();
  });

  it('refuses two methods with one name in an integration', () => {
    const methods = createMethodRepository(temporaryDatabase());
    methods.insert(row('m1', methodDefinition()));
    expect(() => methods.insert(row('m2', methodDefinition()))).toThrow(/UNIQUE/);
  });

  it('refuses a method of an integration that does not exist', () => {
    const methods = createMethodRepository(temporaryDatabase());
    expect(() => methods.insert(row('m1', methodDefinition(), 'missing'))).toThrow(/FOREIGN KEY/);
  });

  it('goes when its integration is deleted', () => {
    const db = temporaryDatabase();
    const methods = createMethodRepository(db);
    methods.insert(row('m1', methodDefinition()));
    createIntegrationRepository(db).delete('integration-1');
    expect(methods.get('m1')).toBeUndefined();
  });

  it('reads a definition saved without newer fields with today’s defaults', () => {
    const db = temporaryDatabase();
    db.prepare(
      `INSERT INTO methods (id, integration_id, name, http_method, path, definition, created_at, updated_at)
       VALUES ('old', 'integration-1', 'Ping', 'GET', '/ping', ?, ?, ?)`,
    ).run(JSON.stringify({ name: 'Ping', httpMethod: 'GET', path: '/ping' }), timestamp, timestamp);
    expect(createMethodRepository(db).get('old')?.definition).toEqual(
      methodDefinition({ name: 'Ping', path: '/ping' }),
    );
  });
});
