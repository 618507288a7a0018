/** `run <file> --client all|a,b`: one run per client, one result line each, exit 1 if any failed. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClientsRunbook,
  createParentRunbook,
  startClientsApi,
  type ClientsApi,
} from '../services/runGroups/testSupport/clientsApi';
import { startBackend, stopBackend, temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { inProcessApi } from '../services/testSupport/typedApi';
import { runCommand } from './runCommand';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi(5);
});
afterAll(() => api.close());

/**
 * A data folder holding the clients' configurations, and the runbook's exported file: "Check
 * client", or with `throughChild` "Check every client", which only runs "Check client".
 */
async function prepare(throughChild = false): Promise<{ dataDirectory: string; file: string }> {
  const dataDirectory = temporaryDirectory();
  const author = startBackend(dataDirectory);
  const { runbookId: checkId } = await createClientsRunbook(
    author,
    api,
    ['Acme', 'Globex', 'Initech'],
    ['Initech'],
  );
  const runbookId = throughChild ? await createParentRunbook(author, checkId) : checkId;
  const { content, fileName } = await inProcessApi(author).call('runbooks.export', { id: runbookId });
  stopBackend(author);
  const file = path.join(temporaryDirectory(), fileName);
  fs.writeFileSync(file, content);
  return { dataDirectory, file };
}

async function run(dataDirectory: string, file: string, client: string) {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await runCommand(
    startBackend(dataDirectory, undefined, { commandLine: { credentials: () => undefined } }),
    { file, inputs: [], client },
    { out: (text) => out.push(text), err: (text) => errors.push(text) },
  );
  return { code, out: out.join(''), err: errors.join('') };
}

describe('run --client across clients', () => {
  it('runs every client, prints one result line per client and exits 1 when one failed', async () => {
    const { dataDirectory, file } = await prepare();
    const { code, out, err } = await run(dataDirectory, file, 'all');
    expect(code, err).toBe(1);
    const lines = err.split('\n').filter((line) => /^[✓✗] /.test(line));
    expect(lines.map((line) => line.replace(/ \(\d+ ms\)/, '')).sort()).toEqual([
      '✓ Acme succeeded: Acme is healthy',
      '✓ Globex succeeded: Globex is healthy',
      '✗ Initech failed: Initech is down',
    ]);
    expect(err).toContain('3 clients of "Check client": 2 succeeded, 1 failed');
    const results = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(results.map((result) => [result.client, result.status, result.message])).toEqual([
      ['Acme', 'succeeded', 'Acme is healthy'],
      ['Globex', 'succeeded', 'Globex is healthy'],
      ['Initech', 'failed', 'Initech is down'],
    ]);
    expect(results[0]).toMatchObject({ outputs: { health: { state: 'healthy', status: 200 } } });
  });

  it('exits 0 when every client of a list succeeded', async () => {
    const { dataDirectory, file } = await prepare();
    const { code, out, err } = await run(dataDirectory, file, 'Acme, Globex');
    expect(code, err).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(2);
  });

  it('runs every client of the integrations a runbook it runs uses', async () => {
    const { dataDirectory, file } = await prepare(true);
    const { code, out, err } = await run(dataDirectory, file, 'all');
    expect(code, err).toBe(1);
    const results = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(results.map((result) => [result.client, result.status, result.message])).toEqual([
      ['Acme', 'succeeded', 'Acme checked'],
      ['Globex', 'succeeded', 'Globex checked'],
      ['Initech', 'failed', 'Initech failed'],
    ]);
    expect(err).toContain('3 clients of "Check every client": 2 succeeded, 1 failed');
  });
});
