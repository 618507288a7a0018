/**
 * The CLI in a CI job: a fresh data folder, an exported runbook whose API wants a bearer token,
 * and the token (and the API's address) given only through the environment or a secrets file —
 * nobody started the app to store a configuration. The token must reach the API and nothing
 * else: not stdout, not stderr, not the run history, not the data folder. Runs are recorded with
 * the trigger `cli`. And a bare `npm run cli` prints the usage instead of serving.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';
import { startBackend, stopBackend } from '../../electron/services/testSupport/temporaryBackend';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { runCli } from './support/cliProcess';
import { exportedRunbook } from './support/exportedRunbook';

const token = `ci-token-${crypto.randomUUID()}`;
const cliKey = 'cli-credentials-e2e-key-0123456789';
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-cli-credentials-'));
let api: http.Server;
let apiUrl = '';
let runbookFile = '';

/** An API on 127.0.0.1 that answers only this bearer token, and echoes the header it was sent. */
function startBearerApi(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const authorization = request.headers.authorization ?? '';
    const isAllowed = authorization === `Bearer ${token}`;
    response.writeHead(isAllowed ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(isAllowed ? { seen: authorization } : { error: 'unknown token' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  api = await startBearerApi();
  apiUrl = `http://127.0.0.1:${String((api.address() as AddressInfo).port)}`;
  // Authored in a data folder of its own, as a teammate would, and exported: no credentials.
  runbookFile = await exportedRunbook(workDirectory, 'Check access', async (call) => {
    const { id: integrationId } = await call('integrations.create', {
      details: { name: 'Ticket API', category: 'Other' },
    });
    await call('integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrlMode: 'per_configuration', auth: { type: 'bearer' } },
    });
    const { id: methodId } = await call('methods.create', {
      integrationId,
      definition: {
        name: 'Check bearer',
        httpMethod: 'GET',
        path: '/check',
        outputs: [{ name: 'seen', expression: 'response^seen!' }],
      },
    });
    return oneStepDraft({ id: 'call', name: 'Check bearer', type: 'method', methodId, arguments: {} });
  });
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

/** A data folder of its own for each test: a CI job starts from nothing. */
const freshDataDirectory = () => fs.mkdtempSync(path.join(workDirectory, 'data-'));

/** Every byte the data folder holds (database, its WAL, the key file) as one text. */
const dataFolderBytes = (directory: string) =>
  fs
    .readdirSync(directory)
    .filter((name) => fs.statSync(path.join(directory, name)).isFile())
    .map((name) => fs.readFileSync(path.join(directory, name)).toString('latin1'))
    .join('\n');

interface Printed {
  runId: string;
  status: string;
  outputs: Record<string, Record<string, unknown>>;
}

/** What the data folder recorded of the run, read after the CLI has closed it. */
async function recordsOf(dataDirectory: string, runId: string) {
  const reader = startBackend(dataDirectory, cliKey);
  const call = inProcessApi(reader).call;
  const run = await call('runs.get', { id: runId });
  const cliRuns = await call('runs.list', { trigger: 'cli' });
  const manualRuns = await call('runs.list', { trigger: 'manual' });
  const { items } = await call('integrations.list', {});
  const integrationId = items[0]?.id ?? '';
  const configurations = await call('configurations.list', { integrationId });
  const callLog = await call('integrations.callLog', { id: integrationId });
  stopBackend(reader);
  return { run, cliRuns, manualRuns, configurations, callLog };
}

describe('runbook-designer run with credentials given to the run', () => {
  it('takes the token and address from the environment; never prints, records or stores the token', async () => {
    const dataDirectory = freshDataDirectory();
    const result = await runCli(['run', runbookFile, '--data-dir', dataDirectory], {
      RUNBOOK_DESIGNER_KEY: cliKey,
      RUNBOOK_DESIGNER_SECRET_TICKET_API_TOKEN: token,
      RUNBOOK_DESIGNER_SECRET_TICKET_API_BASE_URL: apiUrl,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('✓ Check bearer succeeded');
    const printed = JSON.parse(result.stdout) as Printed;
    // The API echoed the header: the output says a token was sent, not which.
    expect(printed).toMatchObject({
      status: 'succeeded',
      outputs: { call: { seen: 'Bearer ••••', status: 200 } },
    });
    expect(result.stdout + result.stderr).not.toContain(token);

    const records = await recordsOf(dataDirectory, printed.runId);
    expect(records.run.trigger).toBe('cli');
    expect(records.cliRuns.map((run) => run.id)).toEqual([printed.runId]);
    expect(records.manualRuns).toEqual([]);
    expect(JSON.stringify(records.run)).not.toContain(token);
    expect(JSON.stringify(records.callLog)).not.toContain(token);
    expect(records.callLog.calls[0]?.url).toBe(`${apiUrl}/check`);
    // Used for that run only: nothing was stored.
    expect(records.configurations).toEqual([]);
    expect(dataFolderBytes(dataDirectory)).not.toContain(token);
  });

  it('takes them from a secrets file just as well', async () => {
    const dataDirectory = freshDataDirectory();
    const secretsFile = path.join(workDirectory, 'secrets.json');
    fs.writeFileSync(secretsFile, JSON.stringify({ 'ticket api': { token, baseUrl: apiUrl } }));
    const result = await runCli(
      ['run', runbookFile, '--secrets-file', secretsFile, '--data-dir', dataDirectory],
      {
        RUNBOOK_DESIGNER_KEY: cliKey,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as Printed;
    expect(result.stdout + result.stderr).not.toContain(token);
    const records = await recordsOf(dataDirectory, printed.runId);
    expect(records.cliRuns.map((run) => run.id)).toEqual([printed.runId]);
    expect(JSON.stringify(records.run)).not.toContain(token);
    expect(dataFolderBytes(dataDirectory)).not.toContain(token);
  });

  it('says on stderr why a step failed (the API answered 401), without the token given', async () => {
    const dataDirectory = freshDataDirectory();
    const wrongToken = `wrong-${token}`;
    const result = await runCli(['run', runbookFile, '--data-dir', dataDirectory], {
      RUNBOOK_DESIGNER_KEY: cliKey,
      RUNBOOK_DESIGNER_SECRET_TICKET_API_TOKEN: wrongToken,
      RUNBOOK_DESIGNER_SECRET_TICKET_API_BASE_URL: apiUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✗ Check bearer failed: The API answered 401.');
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', outputs: { call: { status: 401 } } });
    expect(result.stdout + result.stderr).not.toContain(wrongToken);
  });

  it('refuses a secrets file field the integration does not have (exit 2), naming it but not its value', async () => {
    const secretsFile = path.join(workDirectory, 'typo.json');
    fs.writeFileSync(secretsFile, JSON.stringify({ 'Ticket API': { tokn: token, baseUrl: apiUrl } }));
    const result = await runCli(
      ['run', runbookFile, '--secrets-file', secretsFile, '--data-dir', freshDataDirectory()],
      { RUNBOOK_DESIGNER_KEY: cliKey, RUNBOOK_DESIGNER_SECRET_NO_SUCH_API_TOKEN: token },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'gives "Ticket API" a field "tokn" it does not have (its fields: token, baseUrl)',
    );
    expect(result.stderr).toContain('RUNBOOK_DESIGNER_SECRET_NO_SUCH_API_TOKEN names no field');
    expect(result.stdout + result.stderr).not.toContain(token);
  });
});

describe('npm run cli', () => {
  it('prints the usage and exits 2 without a command, instead of serving the default data folder', async () => {
    // Were it to serve after all, it would serve this empty folder, not the user's.
    const result = await runCli([], { RUNBOOK_DESIGNER_DATA_DIR: freshDataDirectory() }, [
      'npm',
      'run',
      'cli',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Name a command: serve, run, test or worker.');
    expect(result.stderr).toContain('Usage: runbook-designer serve');
    expect(result.stdout).not.toContain('serving');
  });
});
