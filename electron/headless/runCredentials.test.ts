/** Credentials given to `run`: how variables are named, what wins, what is checked, what is masked. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../shared/domain/integrationDefinition';
import { temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { readRunCredentials, secretVariableOf } from './runCredentials';

const integration = (name: string, auth: Record<string, unknown>) => ({
  name,
  definition: integrationDefinitionSchema.parse({ auth }),
});
const ticketApi = integration('Ticket API', { type: 'bearer' });
const halo = integration('HaloPSA', { type: 'basic' });

function secretsFile(content: unknown): string {
  const file = path.join(temporaryDirectory(), 'secrets.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('credentials given to run', () => {
  it('names a variable by the integration and the field in capitals, other characters as _', () => {
    expect(secretVariableOf('Ticket API', 'token')).toBe('RUNBOOK_DESIGNER_SECRET_TICKET_API_TOKEN');
    expect(secretVariableOf('HaloPSA', 'clientSecret')).toBe('RUNBOOK_DESIGNER_SECRET_HALOPSA_CLIENT_SECRET');
    expect(secretVariableOf(' Café / prod ', 'baseUrl')).toBe('RUNBOOK_DESIGNER_SECRET_CAFE_PROD_BASE_URL');
  });

  it('gives an integration the fields of the file and the environment, the environment winning', () => {
    const credentials = readRunCredentials(
      { RUNBOOK_DESIGNER_SECRET_TICKET_API_TOKEN: 'from-the-environment', UNRELATED: 'x' },
      secretsFile({ 'ticket api': { token: 'from-the-file', baseUrl: 'https://api.example' } }),
    );
    expect(credentials.overrides(ticketApi)).toEqual({
      token: 'from-the-environment',
      baseUrl: 'https://api.example',
    });
    expect(credentials.overrides(halo)).toBeUndefined();
  });

  it('gives an integration named before the one-line rule the fields the file names it by as exported', () => {
    // "Help\tdesk" was saved before tabs became spaces; its export, and the user, call it "Help desk".
    const credentials = readRunCredentials({}, secretsFile({ 'Help desk': { token: 'from-the-file' } }));
    expect(credentials.overrides(integration('Help\tdesk', { type: 'bearer' }))).toEqual({
      token: 'from-the-file',
    });
  });

  it('counts empty values as not given (a CI secret that is not set)', () => {
    const credentials = readRunCredentials(
      { RUNBOOK_DESIGNER_SECRET_TICKET_API_TOKEN: '' },
      secretsFile({ 'Ticket API': { token: '' } }),
    );
    expect(credentials.overrides(ticketApi)).toBeUndefined();
  });

  it('refuses a secrets file that is not JSON without quoting what it holds', () => {
    const file = secretsFile('{"Ticket API": {"token": "s3cret-value"');
    expect(() => readRunCredentials({}, file)).toThrow(
      `--secrets-file ${file} cannot be used: it is not valid JSON.`,
    );
    expect(() => readRunCredentials({}, secretsFile({ 'Ticket API': { token: 42 } }))).toThrow(
      '"Ticket API" → "token" is not a string',
    );
    expect(() => readRunCredentials({}, path.join(temporaryDirectory(), 'missing.json'))).toThrow(/ENOENT/);
  });

  it('refuses a field the integration does not have; notes names no integration here has', () => {
    const credentials = readRunCredentials(
      { RUNBOOK_DESIGNER_SECRET_OTHER_API_TOKEN: 'elsewhere-value' },
      secretsFile({ 'Ticket API': { tokn: 'typo-value' }, 'Other API': { token: 'other-value' } }),
    );
    const check = credentials.check([ticketApi, halo]);
    expect(check.errors).toEqual([
      'the secrets file gives "Ticket API" a field "tokn" it does not have (its fields: token, baseUrl)',
    ]);
    expect(check.warnings).toEqual([
      'the secrets file names "other api", which no integration in the data folder is called',
      'RUNBOOK_DESIGNER_SECRET_OTHER_API_TOKEN names no field of an integration in the data folder',
    ]);
    expect(JSON.stringify(check.errors.concat(check.warnings))).not.toMatch(/-value/);
  });

  it('refuses a variable two integrations could both mean', () => {
    const vault = {
      name: 'Ticket API',
      definition: integrationDefinitionSchema.parse({
        protocol: 'secrets',
        customFields: [{ name: 'key', label: 'Key', type: 'password' }],
      }),
    };
    const check = readRunCredentials({ RUNBOOK_DESIGNER_SECRET_TICKET_API_KEY: 'k-value' }, undefined).check([
      integration('Ticket', { type: 'apiKey', name: 'X-Key' }),
      vault,
    ]);
    expect(check.errors).toEqual([
      'RUNBOOK_DESIGNER_SECRET_TICKET_API_KEY could be "Ticket" → apiKey or "Ticket API" → key: rename one integration, or use the secrets file',
    ]);
    expect(check.secretValues).toEqual(['k-value']);
  });

  it('masks what is secret in the output: secrets and unknown fields, not base URLs or user names', () => {
    const credentials = readRunCredentials(
      {
        RUNBOOK_DESIGNER_SECRET_HALOPSA_USERNAME: 'agent-name',
        RUNBOOK_DESIGNER_SECRET_HALOPSA_PASSWORD: 'agent-password',
        RUNBOOK_DESIGNER_SECRET_NOWHERE_TOKEN: 'stray-token',
      },
      secretsFile({ 'Ticket API': { token: 'ticket-token', baseUrl: 'https://api.example' } }),
    );
    expect(credentials.check([ticketApi, halo]).secretValues.sort()).toEqual(
      ['agent-password', 'stray-token', 'ticket-token'].sort(),
    );
  });

  it('refuses a given base URL with a user name or password in it, or no host, naming neither the value nor the password', () => {
    const credentials = readRunCredentials(
      { RUNBOOK_DESIGNER_SECRET_HALOPSA_BASE_URL: 'https://agent:pw-value@halo.example/api' },
      secretsFile({ 'Ticket API': { token: 'ticket-token', baseUrl: 'https://' } }),
    );
    const check = credentials.check([ticketApi, halo]);
    expect(check.errors).toEqual([
      'the secrets file\'s baseUrl for "Ticket API" is not an http(s) address with a host name, e.g. https://api.example.com/v1',
      "RUNBOOK_DESIGNER_SECRET_HALOPSA_BASE_URL holds a user name or password (before the @), which the run's records would show: give them as the integration's credential fields instead",
    ]);
    expect(JSON.stringify(check.errors)).not.toMatch(/pw-value|agent|halo\.example/);
  });

  it('takes a given base URL that is an http(s) address with a host', () => {
    const credentials = readRunCredentials(
      { RUNBOOK_DESIGNER_SECRET_HALOPSA_BASE_URL: 'https://halo.example/api' },
      secretsFile({ 'Ticket API': { baseUrl: '  http://127.0.0.1:8080  ' } }),
    );
    expect(credentials.check([ticketApi, halo]).errors).toEqual([]);
  });
});
