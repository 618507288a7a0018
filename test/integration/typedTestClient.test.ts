/** The typed test client: in process and over HTTP, the same call answers the same typed value. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { startTestServer, type TestServer } from './support/headlessHarness';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(() => server.dispose());

describe('the typed test client', () => {
  it('reads what the backend answers the same way in process and over HTTP', async () => {
    const created = await server.api.call('integrations.create', {
      details: { name: 'Helpdesk', category: 'PSA' },
    });
    const overHttp = await server.api.call('integrations.get', { id: created.id });
    const inProcess = await inProcessApi(server.backend).call('integrations.get', { id: created.id });
    expect(overHttp).toEqual(inProcess);
    expect(overHttp.name).toBe('Helpdesk');
  });

  it('throws the error the backend answered, with its code and field, on both transports', async () => {
    const invalid = { details: { name: '', category: 'PSA' } };
    const refusal = { code: 'invalid_input', field: 'details.name' };
    await expect(server.api.call('integrations.create', invalid)).rejects.toMatchObject(refusal);
    await expect(inProcessApi(server.backend).call('integrations.create', invalid)).rejects.toMatchObject(
      refusal,
    );
  });
});
