/**
 * What a refused delivery leaves behind — the answer, the log line, the trigger log the backend
 * keeps (up to 200 per runbook) — is short and readable whatever the sender sent, and holds no
 * credential of the delivery.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;

/** A published runbook whose unauthenticated webhook maps `path` to a number input "n". */
async function setUp(path: string) {
  const logged: string[] = [];
  const backend = startBackend(undefined, undefined, { log: (line) => logged.push(line) });
  await backend.triggersReady;
  const { id } = await inProcessApi(backend).call('runbooks.create', { details: { name: 'Hook' } });
  await backend.dispatch('runbooks.update', {
    id,
    draft: {
      inputs: [{ name: 'n', type: 'number', isRequired: true }],
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: { isEnabled: true, authentication: 'none', inputMapping: [{ input: 'n', path }] },
        },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  await backend.dispatch('runbooks.publish', { id, note: '' });
  const status = await inProcessApi(backend).call('runbooks.triggers', { id });
  return { backend, id, logged, url: status.webhook.url ?? '' };
}

const deliver = async (url: string, body: string, headers: Record<string, string> = {}) => {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: answer.status, text: await answer.text() };
};

const storedMessages = async (backend: Backend, id: string) =>
  (await inProcessApi(backend).call('runbooks.triggers', { id })).events.map((event) => event.message);

describe('a refused webhook delivery', () => {
  it('answers, logs and keeps a short message for a 900 KB value that does not fit its input', async () => {
    const { backend, id, logged, url } = await setUp('$.x');
    const body = JSON.stringify({ x: { a: `${'A'.repeat(900_000)}\n\u001b[31mFAKE LOG LINE` } });
    const answer = await deliver(url, body);
    expect(answer.status).toBe(422);
    expect(answer.text.length).toBeLessThan(300);
    const line = logged.find((entry) => entry.includes('invalid_inputs')) ?? '';
    expect(line).toMatch(/must be a number, not \{"a":"AAA+…/);
    expect(line.length).toBeLessThan(400);
    const [stored] = await storedMessages(backend, id);
    expect(stored?.length).toBeLessThan(200);
  });

  it('writes control characters of the keys it names as \\uXXXX, in the answer, the log and the trigger log', async () => {
    const { backend, id, logged, url } = await setUp('$.x');
    let deep: unknown = 1;
    for (let level = 0; level < 70; level += 1) deep = { '\n\u001b[2Kevil': deep };
    const answer = await deliver(url, JSON.stringify(deep));
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('\\\\u000A\\\\u001B[2Kevil');
    const line = logged.find((entry) => entry.includes('payload_too_deep')) ?? '';
    expect(line).toContain('\\u000A\\u001B[2Kevil');
    expect(line).not.toMatch(/\n/);
    expect(line).not.toContain('\u001b');
    expect((await storedMessages(backend, id))[0]).toContain('\\u000A\\u001B[2Kevil');
  });

  it('shows a 5,000-character address in the log cut', async () => {
    const { logged, url } = await setUp('$.x');
    const answer = await deliver(`${url}/${'x'.repeat(5_000)}%0A%1B`, '{}');
    expect(answer.status).toBe(404);
    const line = logged.find((entry) => entry.includes('refused 404')) ?? '';
    expect(line.length).toBeLessThan(400);
  });

  it('holds no credential when the Authorization header does not fit its number input', async () => {
    const { backend, id, logged, url } = await setUp('headers.authorization');
    const answer = await deliver(url, '{}', { authorization: 'Bearer sk-live-abcdef123' });
    expect(answer.status).toBe(422);
    const files = ['', '-wal'].map((suffix) => `${backend.databaseFile}${suffix}`).filter(fs.existsSync);
    const traces = [
      answer.text,
      ...logged,
      ...(await storedMessages(backend, id)),
      ...files.map((file) => fs.readFileSync(file).toString('latin1')),
    ];
    for (const trace of traces) expect(trace).not.toContain('sk-live-abcdef123');
    expect(answer.text).toContain('must be a number, not \\"••••\\"');
  });
});
