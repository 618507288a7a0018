/**
 * The headless `run` command, as a team runs it on a server: the built CLI, a fresh data
 * directory, an exported runbook file, python3-httpbin behind it. Exit codes 0 / 1 / 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../../electron/services/http/testSupport/httpbin';
import { startBackend, stopBackend } from '../../electron/services/testSupport/temporaryBackend';
import { runCli } from './support/cliProcess';

let httpbin: Httpbin;
let workDirectory = '';
let goodFile = '';
let failingFile = '';

beforeAll(async () => {
  httpbin = await startHttpbin();
  workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-cli-'));
  // Author the files in a data directory of their own, as a teammate would.
  const author = startBackend();
  const call = async <T>(name: Parameters<typeof author.dispatch>[0], input: unknown) =>
    (await author.dispatch(name, input as never)) as T;
  const { id: integrationId } = await call<{ id: string }>('integrations.create', {
    details: { name: 'httpbin', category: 'Other' },
  });
  await call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl: httpbin.url } });
  const { id: echo } = await call<{ id: string }>('methods.create', {
    integrationId,
    definition: {
      name: 'Echo',
      httpMethod: 'POST',
      path: '/anything',
      body: { kind: 'json', text: '{"ticket": "{{ticket}}"}' },
      outputs: [{ name: 'ticket', expression: 'response^json^ticket!' }],
    },
  });
  const { id: broken } = await call<{ id: string }>('methods.create', {
    integrationId,
    definition: { name: 'Broken', httpMethod: 'GET', path: '/status/500', isRetrySafe: false },
  });
  const fileOf = async (name: string, methodId: string) => {
    const { id } = await call<{ id: string }>('runbooks.create', { details: { name } });
    await call('runbooks.update', {
      id,
      draft: {
        inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          {
            id: 'call',
            name: 'Call the API',
            type: 'method',
            methodId,
            arguments: methodId === echo ? { ticket: '{{inputs.ticket}}' } : {},
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'call' },
          { from: 'call', kind: 'success', to: 'done' },
        ],
      },
    });
    const { content, fileName } = await call<{ content: string; fileName: string }>('runbooks.export', {
      id,
    });
    const file = path.join(workDirectory, fileName);
    fs.writeFileSync(file, content);
    return file;
  };
  goodFile = await fileOf('Echo a ticket', echo);
  failingFile = await fileOf('Always fails', broken);
}, 60_000);

afterAll(async () => {
  await httpbin.stop();
  fs.rmSync(dataDirectory, { recursive: true, force: true });
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

const dataDirectory = path.join(os.tmpdir(), `rbd-e2e-cli-data-${String(process.pid)}`);
const cliKey = 'cli-e2e-key-0123456789abcdef';

const cli = (...args: string[]) => runCli(args, { RUNBOOK_DESIGNER_KEY: cliKey });

describe('runbook-designer run', () => {
  it('imports the file into a fresh data directory, runs it, prints each step and the outputs; exit 0', async () => {
    const result = await cli('run', goodFile, '--input', 'ticket=T-42', '--data-dir', dataDirectory);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('imported "Echo a ticket"');
    expect(result.stderr).toContain('✓ Call the API succeeded');
    const printed = JSON.parse(result.stdout) as {
      status: string;
      outputs: Record<string, Record<string, unknown>>;
    };
    expect(printed).toMatchObject({
      status: 'succeeded',
      outputs: { call: { ticket: 'T-42', status: 200 } },
    });
  });

  it('reuses the runbook the second time, with inputs from a file', async () => {
    const inputsFile = path.join(workDirectory, 'inputs.json');
    fs.writeFileSync(inputsFile, JSON.stringify({ ticket: 'T-7' }));
    const result = await cli('run', goodFile, '--inputs-file', inputsFile, '--data-dir', dataDirectory);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('imported');
    expect(JSON.parse(result.stdout)).toMatchObject({ outputs: { call: { ticket: 'T-7' } } });
  });

  it('exits 1 when the run fails', async () => {
    const result = await cli('run', failingFile, '--input', 'ticket=T-1', '--data-dir', dataDirectory);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('✗ Call the API failed');
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('500'),
    });
  });

  it('uses the configuration named by --config for that run only', async () => {
    // The team's own set-up of the data folder: the API's address per configuration.
    const owner = startBackend(dataDirectory, cliKey);
    const integrationId = (
      (await owner.dispatch('integrations.list', {})) as { items: { id: string; name: string }[] }
    ).items.find((item) => item.name === 'httpbin')?.id;
    expect(integrationId).toBeDefined();
    await owner.dispatch('integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrl: '', baseUrlMode: 'per_configuration' },
    });
    for (const name of ['Production', 'Staging'])
      await owner.dispatch('configurations.create', {
        integrationId,
        name,
        baseUrl: `${httpbin.url}/anything/${name.toLowerCase()}`,
      });
    stopBackend(owner);

    const staging = await cli(
      'run',
      goodFile,
      '--input',
      'ticket=T-3',
      '--config',
      'Staging',
      '--data-dir',
      dataDirectory,
    );
    expect(staging.code, staging.stderr).toBe(0);
    const production = await cli('run', goodFile, '--input', 'ticket=T-4', '--data-dir', dataDirectory);
    expect(production.code, production.stderr).toBe(0);

    const reader = startBackend(dataDirectory, cliKey);
    const urlOf = async (output: string) => {
      const { runId } = JSON.parse(output) as { runId: string };
      const run = (await reader.dispatch('runs.get', { id: runId })) as {
        steps: { request: { url: string } | null }[];
      };
      return run.steps[1]?.request?.url ?? '';
    };
    expect(await urlOf(staging.stdout)).toContain('/anything/staging/');
    expect(await urlOf(production.stdout)).toContain('/anything/production/');
    const runbookId = (
      (await reader.dispatch('runbooks.list', { search: 'Echo a ticket' })) as { items: { id: string }[] }
    ).items[0]?.id;
    const saved = (await reader.dispatch('runbooks.get', { id: runbookId })) as {
      draft: { steps: { id: string; configuration?: unknown }[] };
    };
    expect(saved.draft.steps.find((step) => step.id === 'call')?.configuration).toEqual({ mode: 'primary' });
    stopBackend(reader);
  });

  it('exits 2 on bad usage and on files it cannot use', async () => {
    const malformed = path.join(workDirectory, 'malformed.runbook.json');
    fs.writeFileSync(malformed, '{"format": "runbook-designer/runbook"');
    for (const [args, message] of [
      [['run'], /run takes one file/],
      [['run', goodFile, '--input', 'ticket'], /--input takes name=value/],
      [['run', path.join(workDirectory, 'missing.json')], /Cannot read .*ENOENT/],
      [['run', malformed], /is not valid JSON/],
      [
        ['run', goodFile, '--input', 'ticket=x', '--config', 'Nope'],
        /no configuration named "Nope"|has a configuration named "Nope"/,
      ],
      [['launch'], /Unknown command "launch"/],
    ] as const) {
      const result = await cli(...args, '--data-dir', dataDirectory);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
