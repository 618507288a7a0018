/** Which configuration a run step sends with, looked up once per method, choice and client. */
import { describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import type { MethodRow } from '../db/repositories/methodRepository';
import { createPreparedSends } from './preparedSends';

const method: MethodRow = {
  id: 'm',
  integrationId: 'crm',
  definition: methodDefinitionSchema.parse({ name: 'Get', httpMethod: 'GET', path: '/a' }),
  createdAt: '',
  updatedAt: '',
};

function preparedSendsFor(isClientMode: boolean, clients: Record<string, string>) {
  const lookups: string[] = [];
  const sends = createPreparedSends({
    methods: {
      get: (id) => {
        lookups.push(id);
        return id === method.id ? method : undefined;
      },
    },
    integrations: { getDefinition: () => integrationDefinitionSchema.parse({ isClientMode }) },
    configReferences: () => ({ scope: {}, secrets: [] }),
    clientConfigurationId: (_integrationId, client) => clients[client],
    primaryConfigurationId: () => 'primary',
  });
  return { sends, lookups };
}

describe('createPreparedSends', () => {
  it('sends a client’s run with that client’s configuration in client mode, even when the step says primary', () => {
    const { sends } = preparedSendsFor(true, { Acme: 'acme-config' });
    expect(sends.get('m', { mode: 'primary' }, 'Acme')?.configurationId).toBe('acme-config');
    expect(sends.get('m', { mode: 'primary' }, '')?.configurationId).toBe('primary');
    expect(sends.get('m', { mode: 'named', configurationId: 'other' }, 'Acme')?.configurationId).toBe(
      'other',
    );
  });

  it('says which client has no configuration, and keeps the primary one outside client mode', () => {
    expect(preparedSendsFor(true, {}).sends.get('m', { mode: 'primary' }, 'Acme')).toMatchObject({
      configurationId: undefined,
      clientWithoutConfiguration: 'Acme',
    });
    expect(preparedSendsFor(false, {}).sends.get('m', { mode: 'primary' }, 'Acme')?.configurationId).toBe(
      'primary',
    );
  });

  it('looks a method up once until told to forget, a gone one too', () => {
    const { sends, lookups } = preparedSendsFor(false, {});
    sends.get('m', { mode: 'primary' }, '');
    sends.get('m', { mode: 'primary' }, '');
    expect(sends.get('gone', { mode: 'primary' }, '')).toBeUndefined();
    sends.get('gone', { mode: 'primary' }, '');
    expect(lookups).toEqual(['m', 'gone']);
    sends.forget();
    sends.get('m', { mode: 'primary' }, '');
    expect(lookups).toEqual(['m', 'gone', 'm']);
  });
});
