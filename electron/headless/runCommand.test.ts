/**
 * `runbook-designer run <file>`: refusing files it cannot use, before anything is imported; the
 * line printed per step; the run's result message in what it prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackend, temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { inProcessApi } from '../services/testSupport/typedApi';
import { runCommand, stepLine } from './runCommand';

/** Runs `file` with no inputs, keeping what it says on stderr (a refused file prints nothing else). */
async function runRefused(backend: ReturnType<typeof startBackend>, file: string) {
  const errors: string[] = [];
  const code = await runCommand(
    backend,
    { file, inputs: [] },
    { out: () => undefined, err: (text) => errors.push(text) },
  );
  return { code, errors };
}

describe('run command', () => {
  it('refuses a file that is not UTF-8 with exit code 2, naming the byte, importing nothing', async () => {
    const backend = startBackend();
    const file = path.join(temporaryDirectory(), 'latin1.runbook.json');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('{"format": "runbook-designer/runbook", "schemaVersion": 1, "runbook": {"name": "Caf'),
        Buffer.from([0xe9]),
        Buffer.from('", "steps": []}}'),
      ]),
    );
    const { code, errors } = await runRefused(backend, file);
    expect(code).toBe(2);
    expect(errors.join('')).toContain('it is not UTF-8 text (byte 83 is not valid UTF-8)');
    expect(await backend.dispatch('runbooks.list', {})).toMatchObject({ total: 0 });
  });

  it('refuses an integration the app would not keep with exit code 2 and a message naming the field', async () => {
    const author = inProcessApi(startBackend());
    const { id } = await author.call('runbooks.create', { details: { name: 'Greet' } });
    const exported = JSON.parse((await author.call('runbooks.export', { id })).content) as {
      integrations: unknown[];
    };
    exported.integrations.push({ name: 'N'.repeat(150), definition: {}, methods: [] });
    const file = path.join(temporaryDirectory(), 'long.runbook.json');
    fs.writeFileSync(file, JSON.stringify(exported));
    const backend = startBackend();
    const { code, errors } = await runRefused(backend, file);
    expect(code).toBe(2);
    expect(errors.join('')).toBe(
      'This file cannot be imported: integrations.0.name: Name must be at most 100 characters.\n',
    );
    expect(await backend.dispatch('runbooks.list', {})).toMatchObject({ total: 0 });
    expect(await backend.dispatch('integrations.list', {})).toMatchObject({ total: 0 });
  });

  it('prints the message of the End step the run ended at: in the JSON, and as the last line on stderr', async () => {
    // The file, exported from a data directory of its own, as a teammate would hand it on.
    const author = inProcessApi(startBackend());
    const { id } = await author.call('runbooks.create', { details: { name: 'Greet' } });
    await author.call('runbooks.update', {
      id,
      draft: {
        inputs: [{ name: 'who', type: 'string', isRequired: true, defaultValue: '', description: '' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: 'Greeted {{inputs.who}}' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      },
    });
    const { content, fileName } = await author.call('runbooks.export', { id });
    const file = path.join(temporaryDirectory(), fileName);
    fs.writeFileSync(file, content);

    const out: string[] = [];
    const errors: string[] = [];
    const code = await runCommand(
      startBackend(),
      { file, inputs: ['who=Ada'] },
      { out: (text) => out.push(text), err: (text) => errors.push(text) },
    );
    expect(code, errors.join('')).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({
      status: 'succeeded',
      message: 'Greeted Ada',
      error: null,
    });
    expect(errors.join('').trimEnd().split('\n').at(-1)).toBe('succeeded: Greeted Ada');
  });
});

describe('the line printed for a step', () => {
  const step = (status: 'succeeded' | 'failed' | 'skipped', error: string | null, outputs = {}) => ({
    seq: 2,
    stepId: 'call',
    stepType: 'method',
    status,
    outputs,
    error,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1_000,
    mayHaveBeenSent: false,
    isComplete: true,
  });

  it('says that a step succeeded or was skipped', () => {
    expect(stepLine('Check bearer', step('succeeded', null, { status: 200 }))).toBe(
      '✓ Check bearer succeeded\n',
    );
    expect(stepLine('Notify', step('skipped', null))).toBe('· Notify skipped\n');
  });

  it('says why a step failed: its error, and the HTTP status where the error does not name it', () => {
    expect(stepLine('Check bearer', step('failed', 'The API answered 401.', { status: 401 }))).toBe(
      '✗ Check bearer failed: The API answered 401.\n',
    );
    expect(stepLine('Check bearer', step('failed', 'Output "id": no value', { status: 200 }))).toBe(
      '✗ Check bearer failed: Output "id": no value — HTTP 200\n',
    );
    expect(stepLine('Call', step('failed', 'connect ECONNREFUSED 127.0.0.1:9', { status: null }))).toBe(
      '✗ Call failed: connect ECONNREFUSED 127.0.0.1:9\n',
    );
    expect(stepLine('Call', step('failed', null))).toBe('✗ Call failed\n');
  });
});
