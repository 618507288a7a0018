import { describe, expect, it } from 'vitest';
import { methodDefinition, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import { createMethodRepository } from './methodRepository';

describe('method repository', () => {
  it('stores a method definition and reads it back whole', () => {
    const methods = createMethodRepository(temporaryDatabase());
    const definition = methodDefinition({ outputs: [{ name: 'title', expression: 'response^title!' }] });
    methods.insert({
      id: 'm1',
      integrationId: 'integration-1',
      definition,
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    expect(methods.get('m1')?.definition).toEqual(definition);
  });

  it('lists an integration’s methods by name', () => {
    const methods = createMethodRepository(temporaryDatabase());
    for (const name of ['Update ticket', 'create ticket', 'Get ticket']) {
      methods.insert({
        id: name,
        integrationId: 'integration-1',
        definition: methodDefinition({ name }),
        createdAt: timestamp,
        updatedAt: timestamp,
      });
    }
    expect(methods.listByIntegration('integration-1').map((row) => row.definition.name)).toEqual([
      'create ticket',
      'Get ticket',
      'Update ticket',
    ]);
    expect(methods.listByIntegration('integration-1', 1)).toHaveLength(1);
  });

  it('updates and deletes a method', () => {
    const methods = createMethodRepository(temporaryDatabase());
    methods.insert({
      id: 'm1',
      integrationId: 'integration-1',
      definition: methodDefinition(),
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    expect(methods.update('m1', methodDefinition({ httpMethod: 'DELETE' }), timestamp)).toBe(true);
    expect(methods.get('m1')?.definition.httpMethod).toBe('DELETE');
    expect(methods.delete('m1')).toBe(true);
    expect(methods.get('m1')).toBeUndefined();
  });

  it('refuses two methods with one name in an integration', () => {
    const methods = createMethodRepository(temporaryDatabase());
    const row = {
      integrationId: 'integration-1',
      definition: methodDefinition(),
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    methods.insert({ id: 'm1', ...row });
    expect(() => methods.insert({ id: 'm2', ...row })).toThrow(/UNIQUE/);
  });
});
