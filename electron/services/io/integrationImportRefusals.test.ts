/** What an integration file may not carry that the app refuses where it is typed. */
import { describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../shared/api/contract';
import { expectImportRefused } from '../testSupport/importRefusals';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;
const call = <K extends CallName>(backend: Backend, name: K, input: CallInput<K>) =>
  inProcessApi(backend).call(name, input);

/** An integration file as the app writes it, with `definition` laid over a base URL in use. */
function integrationFile(definition: Record<string, unknown>): string {
  return JSON.stringify({
    format: 'runbook-designer/integration',
    schemaVersion: 1,
    integration: {
      name: 'Helpdesk',
      category: 'PSA',
      definition: { baseUrl: 'https://helpdesk.example/api', ...definition },
      methods: [{ name: 'List tickets', httpMethod: 'GET', path: '/tickets' }],
    },
  });
}

describe('an integration file', () => {
  it('is refused when its base URL is not an http(s) address, as the Connection tab refuses it', async () => {
    const backend = startBackend();
    const cases: [string, string][] = [
      ['file:///etc/passwd', 'Base URL must start with http:// or https://, e.g. https://api.example.com/v1'],
      [
        'javascript:alert(1)',
        'Base URL must start with http:// or https://, e.g. https://api.example.com/v1',
      ],
      [
        '127.0.0.1:8080/api',
        'Base URL must start with http:// or https:// — did you mean http://127.0.0.1:8080/api',
      ],
      ['https://', 'Base URL needs a host name after the //'],
    ];
    for (const [baseUrl, reason] of cases)
      await expectImportRefused(
        backend,
        'integrations',
        integrationFile({ baseUrl }),
        {
          code: 'invalid_input',
          field: 'integration.definition.baseUrl',
          message: `This file cannot be imported: integration.definition.baseUrl: ${reason}.`,
        },
        baseUrl,
      );
    expect((await call(backend, 'integrations.list', {})).total).toBe(0);
  });

  it('keeps a base URL no request uses, as the Connection tab does', async () => {
    const backend = startBackend();
    const content = integrationFile({ baseUrlMode: 'per_configuration', baseUrl: 'ftp://old.example' });
    const { integrationId } = await call(backend, 'integrations.import', { content });
    expect((await call(backend, 'integrations.definition', { id: integrationId })).baseUrl).toBe(
      'ftp://old.example',
    );
  });

  it('is refused when an output variable of a method does not parse, as saving the method refuses it', async () => {
    const backend = startBackend();
    const file = JSON.parse(integrationFile({})) as { integration: { methods: Record<string, unknown>[] } };
    file.integration.methods[0] = {
      name: 'Get',
      httpMethod: 'GET',
      outputs: [{ name: 'id', expression: 'id' }],
    };
    await expectImportRefused(backend, 'integrations', JSON.stringify(file), {
      code: 'invalid_input',
      field: 'integration.methods.0.outputs.0.expression',
      message:
        'This file cannot be imported: integration.methods.0.outputs.0.expression: Output variable "id": An output expression starts with "response" (Halo syntax), "$" (JSONPath), "status" or "headers.".',
    });
    expect((await call(backend, 'integrations.list', {})).total).toBe(0);
  });
});

describe('an integration file with a user name and password in an authorization address', () => {
  it('is refused, naming the field and never the password, for the integration and for a method', async () => {
    const backend = startBackend();
    const auth = {
      type: 'oauth2',
      grantType: 'client_credentials',
      tokenUrl: 'https://client:hunter2pass@idp.example/token',
    };
    const file = JSON.parse(integrationFile({ auth })) as {
      integration: { definition: object; methods: Record<string, unknown>[] };
    };
    for (const [content, field] of [
      [JSON.stringify(file), 'integration.definition.auth.tokenUrl'],
      [
        JSON.stringify({
          ...file,
          integration: {
            ...file.integration,
            definition: { baseUrl: 'https://helpdesk.example/api' },
            methods: [
              { ...file.integration.methods[0], authorization: { mode: 'override', settings: auth } },
            ],
          },
        }),
        'integration.methods.0.authorization.settings.tokenUrl',
      ],
    ] as const) {
      await expectImportRefused(backend, 'integrations', content, { code: 'invalid_input', field }, field);
      const refusal = await backend
        .dispatch('integrations.import', { content })
        .catch((error: unknown) => error as object);
      expect(JSON.stringify(refusal)).not.toContain('hunter2pass');
    }
    expect((await call(backend, 'integrations.list', {})).total).toBe(0);
  });
});

describe('a file that is not JSON', () => {
  it('is refused saying what is wrong, never quoting the file (it may hold a secret)', async () => {
    const backend = startBackend();
    for (const kind of ['integrations', 'runbooks'] as const)
      for (const content of ['Bearer sk-live-abcdef123456', '{"token": sk-live-abcdef123456}'])
        for (const call of [`${kind}.previewImport`, `${kind}.import`] as const) {
          const refusal = (await backend.dispatch(call, { content }).catch((error: unknown) => error)) as {
            code: string;
            message: string;
          };
          expect(refusal).toMatchObject({ code: 'invalid_input', message: /is not valid JSON/ });
          expect(refusal.message, `${call} of ${content}`).not.toMatch(/sk-|Bearer|live/);
        }
  });
});
