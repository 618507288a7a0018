/** Settings through the contract, on a real backend in a temp directory. */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';

describe('settings', () => {
  it.each([
    ['a NUL', '127.0.0.1\u0000'],
    ['a scheme and path', 'http://localhost/hooks'],
    ['an octet over 255', '127.0.0.256'],
  ])('refuses a webhook host with %s at its field, and keeps the one it had', async (_, webhookHost) => {
    const backend = startBackend();
    await backend.triggersReady;
    await expect(backend.dispatch('settings.update', { webhookHost })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'webhookHost',
      message: expect.stringContaining('host name') as unknown,
    });
    expect(await backend.dispatch('settings.get', {})).toMatchObject({ webhookHost: '127.0.0.1' });
  });

  it('moves the webhook listener to a host name such as localhost', async () => {
    const backend = startBackend();
    await backend.triggersReady;
    expect(await backend.dispatch('settings.update', { webhookHost: 'localhost' })).toMatchObject({
      webhookHost: 'localhost',
    });
  });
});
