import { describe, expect, it } from 'vitest';
import { methodDefinition, temporaryDatabase, timestamp } from '../testSupport/temporaryDatabase';
import { createConfigurationRepository } from './repositories/configurationRepository';
import { createIntegrationRepository } from './repositories/integrationRepository';
import { createMethodRepository } from './repositories/methodRepository';
import { createWriteNotices } from './writeNotices';

function setUp() {
  const db = temporaryDatabase();
  const notices = createWriteNotices();
  const heard: string[] = [];
  let step = '';
  const subscription = notices.onDidWrite(() => heard.push(step));
  return {
    heard,
    subscription,
    integrations: createIntegrationRepository(db, notices),
    methods: createMethodRepository(db, notices),
    configurations: createConfigurationRepository(db, notices),
    /** Runs one write, named so the test can say which ones were heard. */
    write: (name: string, fn: () => unknown) => {
      step = name;
      fn();
    },
  };
}

describe('write notices of the repositories prepared sends read', () => {
  it('hear each write that changed a method, an integration or a configuration, and no other', () => {
    const { heard, integrations, methods, configurations, write } = setUp();
    const integration = {
      id: 'integration-1',
      name: 'HaloPSA',
      category: 'PSA',
      description: '',
      notes: '',
      versionLabel: '',
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    const method = { id: 'm1', integrationId: 'integration-1', createdAt: timestamp, updatedAt: timestamp };
    const configuration = {
      id: 'c1',
      integrationId: 'integration-1',
      name: 'Production',
      clientName: '',
      baseUrl: '',
      isPrimary: true,
      values: {},
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    write('integration renamed', () => integrations.update({ ...integration, name: 'Halo' }));
    write('missing integration updated', () => integrations.update({ ...integration, id: 'none' }));
    write('method added', () => methods.insert({ ...method, definition: methodDefinition() }));
    write('method changed', () => methods.update('m1', methodDefinition({ path: '/two' }), timestamp));
    write('missing method deleted', () => methods.delete('none'));
    write('configuration added', () => configurations.insert(configuration));
    write('secret stored', () => configurations.putSecret('c1', 'token', Buffer.from('sealed')));
    write('primary chosen', () => configurations.setPrimary('c1'));
    write('configuration deleted', () => configurations.delete('c1'));
    write('method deleted', () => methods.delete('m1'));
    expect(heard).toEqual([
      'integration renamed',
      'method added',
      'method changed',
      'configuration added',
      'secret stored',
      'primary chosen',
      'configuration deleted',
      'method deleted',
    ]);
  });

  it('stop telling a listener once it is disposed', () => {
    const { heard, subscription, methods, write } = setUp();
    subscription.dispose();
    write('method added', () =>
      methods.insert({
        id: 'm1',
        integrationId: 'integration-1',
        definition: methodDefinition(),
        createdAt: timestamp,
        updatedAt: timestamp,
      }),
    );
    expect(heard).toEqual([]);
  });
});
