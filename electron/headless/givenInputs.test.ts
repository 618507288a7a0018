/**
 * `run <file> --input …`: inputs the run could not start with are a command that was wrong (exit
 * 2, the reason on stderr, no run recorded), not a runbook that failed (exit 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend } from '../services/testSupport/temporaryBackend';
import { inProcessApi } from '../services/testSupport/typedApi';
import { parseInputs } from './givenInputs';
import { runCommand } from './runCommand';

// Outlives each test, unlike temporaryDirectory().
const fileDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-test-inputs-'));
let file = '';

afterAll(() => fs.rmSync(fileDirectory, { recursive: true, force: true }));

beforeAll(async () => {
  const author = inProcessApi(startBackend());
  const { id } = await author.call('runbooks.create', { details: { name: 'Count tickets' } });
  const input = (name: string, type: 'string' | 'number' | 'json', isRequired: boolean) => ({
    name,
    type,
    isRequired,
    defaultValue: '',
    description: '',
  });
  await author.call('runbooks.update', {
    id,
    draft: {
      inputs: [
        input('ticket', 'string', true),
        input('count', 'number', false),
        input('data', 'json', false),
      ],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: 'Got {{inputs.ticket}}' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  const exported = await author.call('runbooks.export', { id });
  file = path.join(fileDirectory, exported.fileName);
  fs.writeFileSync(file, exported.content);
});

/** Runs the file with these `--input`s in a fresh data folder; what it said and recorded. */
async function runWith(inputs: string[], inputsFile?: string) {
  const backend = startBackend();
  const out: string[] = [];
  const errors: string[] = [];
  const code = await runCommand(
    backend,
    { file, inputs, inputsFile },
    { out: (text) => out.push(text), err: (text) => errors.push(text) },
  );
  const runs = await inProcessApi(backend).call('runs.list', {});
  return { code, out: out.join(''), errors: errors.join(''), runs };
}

describe('run command inputs', () => {
  it.each([
    ['a required input missing', [], 'The input "ticket" is required.'],
    ['text for a number', ['ticket=T-1', 'count=abc'], 'The input "count" must be a number, not "abc".'],
    ['text that is not JSON', ['ticket=T-1', 'data={bad'], 'The input "data" must be JSON, not "{bad".'],
    [
      'a name the runbook has no input of',
      ['ticket=T-1', 'cuont=3'],
      'The runbook has no input "cuont"; its inputs are ticket, count, data.',
    ],
    ['an input given twice', ['ticket=T-1', 'ticket=T-2'], '--input ticket is given twice: give it once.'],
  ])('refuses %s with exit code 2, saying why on stderr, recording no run', async (_case, inputs, reason) => {
    const result = await runWith(inputs);
    expect(result.code).toBe(2);
    expect(result.errors).toContain(`${reason}\n`);
    expect(result.out).toBe('');
    expect(result.runs).toEqual([]);
  });

  it('refuses an input larger than a run takes (1 MB, as a webhook body): exit 2, no run', async () => {
    const result = await runWith(['ticket=T-1', `data="${'x'.repeat(1024 * 1024)}"`]);
    expect(result.code).toBe(2);
    expect(result.errors).toContain(
      'The input "data" is 1.1 MB; a run takes at most 1 MB of inputs. Pass a large document by reference instead (a URL a step fetches).\n',
    );
    expect(result.runs).toEqual([]);
  });

  it('refuses inputs that together are larger than a run takes, naming the largest', async () => {
    const half = 'y'.repeat(600 * 1024);
    const result = await runWith([`ticket=${half}`, `data="${half}"`]);
    expect(result.code).toBe(2);
    expect(result.errors).toMatch(
      /^The inputs come to 1\.2 MB; a run takes at most 1 MB of inputs \("data" is 601 KB of it\)\.$/m,
    );
    expect(result.runs).toEqual([]);
  });

  it('refuses an inputs file of 50 MB without reading it: exit 2, no run', async () => {
    const large = path.join(fileDirectory, 'large-inputs.json');
    fs.writeFileSync(large, JSON.stringify({ ticket: 'T-1', data: 'z'.repeat(50 * 1024 * 1024) }));
    const result = await runWith([], large);
    expect(result.code).toBe(2);
    expect(result.errors).toContain(
      `--inputs-file ${large} is 50.1 MB; a run takes at most 1 MB of inputs.\n`,
    );
    expect(result.runs).toEqual([]);
  });

  it('refuses an inputs file that is not JSON without quoting it (it may hold a secret): exit 2', async () => {
    const broken = path.join(fileDirectory, 'broken-inputs.json');
    fs.writeFileSync(broken, '{"apiKey": sk-live-abcdef123456}');
    const result = await runWith([], broken);
    expect(result.code).toBe(2);
    expect(result.errors).toContain(
      `--inputs-file ${broken} is not a readable JSON file: Unexpected token 's'\n`,
    );
    expect(result.errors).not.toMatch(/sk-|live|apiKey/);
    expect(result.runs).toEqual([]);
  });

  it('runs with inputs just under the limit', async () => {
    const result = await runWith(['ticket=T-1', `data="${'x'.repeat(1000 * 1024)}"`]);
    expect(result.code, result.errors).toBe(0);
  });

  it('runs with inputs the runbook takes; exit 0', async () => {
    const result = await runWith(['ticket=T-1', 'count=3', 'data={"a": 1}']);
    expect(result.code, result.errors).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ status: 'succeeded', message: 'Got T-1' });
  });
});

describe('inputs given to run, as read', () => {
  it('keep an input named "__proto__" from --input or the inputs file as its own key', () => {
    const inputsFile = path.join(fileDirectory, 'proto.json');
    fs.writeFileSync(inputsFile, '{"__proto__": {"x": 1}, "a": 2}');
    const fromFile = parseInputs({ inputs: [], inputsFile });
    expect(JSON.stringify(fromFile)).toBe('{"__proto__":{"x":1},"a":2}');
    expect(Object.getPrototypeOf(fromFile)).toBe(Object.prototype);
    const overFile = parseInputs({ inputs: ['__proto__=hello'], inputsFile });
    expect(JSON.stringify(overFile)).toBe('{"__proto__":"hello","a":2}');
    expect(Object.getPrototypeOf(overFile)).toBe(Object.prototype);
  });
});
