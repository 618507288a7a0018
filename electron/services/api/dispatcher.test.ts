import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import type { Handlers } from './dispatcher';
import { createDispatcher } from './dispatcher';

const handlers = {
  'settings.get': () => ({ theme: 'dark', webhookHost: '127.0.0.1', webhookPort: 0, secret: 'leak' }),
  'integrations.get': () => ({ nonsense: true }),
} as unknown as Handlers;

describe('dispatcher', () => {
  const logged: string[] = [];
  const dispatch = createDispatcher(handlers, (line) => logged.push(line));

  it('refuses an unknown call', async () => {
    await expect(dispatch('settings.explode', {})).rejects.toMatchObject({ code: 'unknown_call' });
  });

  it('refuses a call whose name is inherited from Object', async () => {
    await expect(dispatch('constructor', {})).rejects.toMatchObject({ code: 'unknown_call' });
  });

  it('names the field of invalid input before the handler runs', async () => {
    await expect(dispatch('integrations.get', { id: 'not an id!' })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'id',
      message: 'id: Not a valid id',
    });
  });

  it('names a nested field of invalid input, such as details.name', async () => {
    await expect(
      dispatch('integrations.create', { details: { name: '   ', category: 'PSA' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'details.name',
      message: 'details.name: Name is required',
    });
  });

  it('refuses text holding half of a surrogate pair, naming the field, before the handler runs', async () => {
    await expect(
      dispatch('integrations.create', { details: { name: 'fuzz\ud800', category: 'PSA' } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'details.name',
      message: expect.stringContaining('lone UTF-16 surrogate') as unknown,
    });
  });

  it('refuses input that is not an object', async () => {
    await expect(dispatch('integrations.get', 'abc')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('strips what the contract does not list from an answer', async () => {
    expect(await dispatch('settings.get', {})).toEqual({
      theme: 'dark',
      webhookHost: '127.0.0.1',
      webhookPort: 0,
    });
  });

  it('turns an answer that breaks the contract into an internal error, logged', async () => {
    await expect(dispatch('integrations.get', { id: 'abc' })).rejects.toMatchObject({ code: 'internal' });
    expect(logged.some((line) => line.includes('integrations.get'))).toBe(true);
  });
});

describe('dispatcher over a real backend', () => {
  // SQLite stored the name as bytes that read back as "fuzz\ufffd\ufffd\ufffd": the service's check
  // saw no such name, and the second create met the UNIQUE index (500).
  it('refuses a configuration name with a lone surrogate instead of failing in the database', async () => {
    const backend = startBackend();
    const { id: integrationId } = (await backend.dispatch('integrations.create', {
      details: { name: 'Halo', category: 'PSA' },
    })) as { id: string };
    const create = (name: string) => backend.dispatch('configurations.create', { integrationId, name });
    await expect(create('fuzz\ud800')).rejects.toMatchObject({ code: 'invalid_input', field: 'name' });
    await expect(create('fuzz\ud800')).rejects.toMatchObject({ code: 'invalid_input', field: 'name' });
  });
});
