/**
 * The headless `run` command, as a team runs it on a server: the built CLI, a fresh data
 * directory, an exported runbook file, python3-httpbin behind it. Exit codes 0 / 1 / 2. And
 * `test`, as a CI job runs a file's test cases: the per-case report and the JUnit XML file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../../electron/services/http/testSupport/httpbin';
import { waitForRun } from '../../electron/services/testSupport/runs';
import {
  startBackend,
  stopBackend,
  temporaryDirectory,
} from '../../electron/services/testSupport/temporaryBackend';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { launchChromium } from './support/browser';
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

/** What a CI system reads of a JUnit report. */
interface JunitSummary {
  parseError: string | null;
  suite: string | null;
  tests: string | null;
  failures: string | null;
  cases: { name: string | null; failure: string | null }[];
}

/**
 * Reads a JUnit report with Chromium's XML parser (on a blank page; this project's Node code has
 * no DOM types, so the script is text).
 */
async function readJunit(xml: string): Promise<JunitSummary> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    return (await page.evaluate(`(() => {
      const document = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
      const suite = document.querySelector('testsuites > testsuite');
      return {
        parseError: document.querySelector('parsererror')?.textContent ?? null,
        suite: suite?.getAttribute('name') ?? null,
        tests: suite?.getAttribute('tests') ?? null,
        failures: suite?.getAttribute('failures') ?? null,
        cases: [...document.querySelectorAll('testcase')].map((testCase) => ({
          name: testCase.getAttribute('name'),
          failure: testCase.querySelector('failure')?.getAttribute('message') ?? null,
        })),
      };
    })()`)) as JunitSummary;
  } finally {
    await browser.close();
  }
}

describe('runbook-designer test', () => {
  it('replays a file’s test cases: exit 1 with a per-case report and JUnit XML when one fails, 0 when all pass', async () => {
    // A teammate saves two runs of the exported runbook as test cases, one expecting what did not happen.
    const author = startBackend();
    const { call } = inProcessApi(author);
    const { runbookId } = await call('runbooks.import', {
      content: fs.readFileSync(goodFile, 'utf8'),
      mode: 'copy',
    });
    const { runId } = await call('runs.start', { runbookId, inputs: { ticket: 'T-42' } });
    await waitForRun(author, runId);
    await call('testCases.saveFromRun', { runId, name: 'Echoes T-42' });
    const wrong = await call('testCases.saveFromRun', { runId, name: 'Expects another ticket' });
    await call('testCases.update', {
      id: wrong.id,
      expectations: [{ kind: 'output', stepId: 'call', name: 'ticket', equals: 'T-other' }],
    });
    const file = path.join(workDirectory, 'echo-with-cases.runbook.json');
    fs.writeFileSync(file, (await call('runbooks.export', { id: runbookId })).content);
    const junit = path.join(workDirectory, 'report.xml');

    const failing = await cli('test', file, '--junit', junit, '--data-dir', temporaryDirectory());
    expect(failing.code, failing.stderr).toBe(1);
    expect(failing.stdout).toMatch(/^✓ Echoes T-42 \(\d+ ms\)\n/m);
    expect(failing.stdout).toMatch(
      /^✗ Expects another ticket \(\d+ ms\)\n {4}expected steps\.call\.outputs\.ticket to be "T-other", it was "T-42"\n/m,
    );
    expect(failing.stdout).toContain('2 test cases of "Echo a ticket": 1 passed, 1 failed\n');
    expect(await readJunit(fs.readFileSync(junit, 'utf8'))).toEqual({
      parseError: null,
      suite: 'Echo a ticket',
      tests: '2',
      failures: '1',
      cases: [
        { name: 'Echoes T-42', failure: null },
        {
          name: 'Expects another ticket',
          failure: 'expected steps.call.outputs.ticket to be "T-other", it was "T-42"',
        },
      ],
    });

    await call('testCases.delete', { id: wrong.id });
    fs.writeFileSync(file, (await call('runbooks.export', { id: runbookId })).content);
    stopBackend(author);
    const passing = await cli('test', file, '--data-dir', temporaryDirectory());
    expect(passing.code, passing.stdout + passing.stderr).toBe(0);
    expect(passing.stdout).toContain('1 test cases of "Echo a ticket": 1 passed, 0 failed\n');
  });
});
