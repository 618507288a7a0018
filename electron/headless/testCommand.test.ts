/**
 * `runbook-designer test <file>`: a passing and a failing test case carried by an exported file,
 * replayed offline in another data directory, with the per-case report, the exit code and JUnit XML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTicketRunbook,
  startRecordingApi,
  type RecordingApi,
} from '../services/rehearsal/testSupport/recordingApi';
import { waitForRun } from '../services/testSupport/runs';
import { startBackend, temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { inProcessApi } from '../services/testSupport/typedApi';
import { testCommand } from './testCommand';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

async function runTests(file: string, junit?: string) {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await testCommand(
    startBackend(),
    { file, junit },
    { out: (text) => out.push(text), err: (text) => errors.push(text) },
  );
  return { code, out: out.join(''), errors: errors.join('') };
}

describe('test command', () => {
  it('replays every case offline: exit 1 with a failing one, its reasons and JUnit XML; 0 once all pass', async () => {
    const authorBackend = startBackend();
    const author = inProcessApi(authorBackend);
    const { runbookId } = await createTicketRunbook(authorBackend, api);
    const { runId } = await author.call('runs.start', { runbookId });
    await waitForRun(authorBackend, runId);
    await author.call('testCases.saveFromRun', { runId, name: 'Opens a ticket' });
    const wrong = await author.call('testCases.saveFromRun', { runId, name: 'Expects <another> ticket' });
    await author.call('testCases.update', {
      id: wrong.id,
      expectations: [{ kind: 'output', stepId: 'open', name: 'ticketId', equals: 'T-other' }],
    });
    const directory = temporaryDirectory();
    const file = path.join(directory, 'open-a-ticket.runbook.json');
    fs.writeFileSync(file, (await author.call('runbooks.export', { id: runbookId })).content);
    const junit = path.join(directory, 'report.xml');
    const before = api.received.length;

    const failing = await runTests(file, junit);
    expect(failing.code, failing.errors).toBe(1);
    expect(failing.out).toMatch(/^✓ Opens a ticket \(\d+ ms\)\n/);
    expect(failing.out).toMatch(
      /✗ Expects <another> ticket \(\d+ ms\)\n {4}expected steps\.open\.outputs\.ticketId to be "T-other", it was "T-live"\n/,
    );
    expect(failing.out).toContain('2 test cases of "Open a ticket": 1 passed, 1 failed\n');
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="Open a ticket" tests="2" failures="1"');
    expect(xml).toMatch(/<testcase name="Opens a ticket" classname="Open a ticket" time="[\d.]+"\/>/);
    expect(xml).toContain(
      '<failure message="expected steps.open.outputs.ticketId to be &quot;T-other&quot;, it was &quot;T-live&quot;">',
    );
    expect(xml).toContain('name="Expects &lt;another&gt; ticket"');
    expect(api.received.slice(before)).toEqual([]);

    await author.call('testCases.delete', { id: wrong.id });
    fs.writeFileSync(file, (await author.call('runbooks.export', { id: runbookId })).content);
    const passing = await runTests(file);
    expect(passing.code, passing.out).toBe(0);
    expect(passing.out).toContain('1 test cases of "Open a ticket": 1 passed, 0 failed\n');
    expect(api.received.slice(before)).toEqual([]);
  });

  it('refuses a file without test cases with exit code 2', async () => {
    const authorBackend = startBackend();
    const { runbookId } = await createTicketRunbook(authorBackend, api);
    const file = path.join(temporaryDirectory(), 'plain.runbook.json');
    fs.writeFileSync(
      file,
      (await inProcessApi(authorBackend).call('runbooks.export', { id: runbookId })).content,
    );
    const result = await runTests(file);
    expect(result.code).toBe(2);
    expect(result.errors).toContain('has no test cases');
  });
});
