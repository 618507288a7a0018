/**
 * A webhook payload of very many keys, through the whole backend: refused before it is parsed,
 * so the listener goes on answering; one within the bounds reaches its run whole.
 */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { waitForRun } from '../testSupport/runs';
import { inProcessApi } from '../testSupport/typedApi';

/**
 * A backend with a published runbook whose webhook takes deliveries without authentication; its
 * End step's message reads two values of the payload.
 */
async function setUp() {
  const backend = startBackend();
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'On alert' } });
  await backend.dispatch('runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [],
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication: 'none' } },
        {
          id: 'done',
          name: 'Done',
          type: 'end',
          outcome: 'succeeded',
          message: '{{trigger.body.part0.k1}} {{trigger.body.part4.k9994}}',
        },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  await api.call('runbooks.publish', { id: runbookId, note: 'First' });
  const url = (await api.call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';
  return { backend, runbookId, url };
}

/** An object of `count` keys k0, k1, …, each holding its number's last digit. */
const objectOf = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${String(index)}`, index % 10]));

const deliver = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/**
 * The longest the event loop (the listener's, in this process) went without running a timer
 * while `work` went on: a stall is a time in which no sender was answered.
 */
async function longestStallDuring<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    return { result, stallMs: Math.max(stallMs, performance.now() - last) };
  } finally {
    clearInterval(ticker);
  }
}

describe('webhook payload breadth', () => {
  it('refuses a 1 MB payload of 90,000 keys with 413 before parsing it, answering on meanwhile, and starts no run', async () => {
    const { backend, runbookId, url } = await setUp();
    const body = JSON.stringify(objectOf(90_000));
    expect(body.length).toBeLessThan(1024 * 1024);
    const { result: answer, stallMs } = await longestStallDuring(() => deliver(url, body));
    expect(answer.status).toBe(413);
    expect(await answer.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message:
          'The body holds an object of more than 10,000 keys (at $); send at most 10,000 keys in one object.',
      },
    });
    // Parsed and checked, this payload held the listener 0.7–1.1 s; counted, a few milliseconds.
    expect(stallMs).toBeLessThan(500);
    expect(await inProcessApi(backend).call('runs.list', { runbookId })).toEqual([]);
    expect((await deliver(url, '{"small":true}')).status).toBe(202);
  });

  it('refuses an object of more than 10,000 keys, naming where it sits, and more than 50,000 keys and items in all', async () => {
    const { url } = await setUp();
    const messageOf = async (payload: unknown) => {
      const answer = await deliver(url, JSON.stringify(payload));
      expect(answer.status).toBe(413);
      return ((await answer.json()) as { error: { message: string } }).error.message;
    };
    expect(await messageOf({ alert: { labels: objectOf(10_001) } })).toBe(
      'The body holds an object of more than 10,000 keys (at $.alert.labels); send at most 10,000 keys in one object.',
    );
    expect(await messageOf({ readings: Array.from({ length: 50_001 }, () => 0) })).toBe(
      'The body holds more than 50,000 keys and array items; send at most 50,000.',
    );
  });

  it('refuses a form of more than 10,000 fields, and a form whose "payload" field is too broad', async () => {
    const { url } = await setUp();
    const post = async (body: string) => {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(answer.status).toBe(413);
      return ((await answer.json()) as { error: { message: string } }).error.message;
    };
    const fields = Array.from({ length: 10_001 }, (_, index) => `f${String(index)}=1`).join('&');
    expect(await post(fields)).toBe('The form has more than 10,000 fields; send at most 10,000.');
    const payload = encodeURIComponent(JSON.stringify(objectOf(10_001)));
    expect(await post(`payload=${payload}`)).toBe(
      'The form’s "payload" field holds an object of more than 10,000 keys (at $); send at most 10,000 keys in one object.',
    );
  });

  it('takes a payload of exactly the most keys and items, which reaches its run whole', async () => {
    const { backend, url } = await setUp();
    // 50,000 keys: five objects of keys, the fifth short by the five keys that hold them.
    const payload = Object.fromEntries(
      Array.from({ length: 5 }, (_, index) => [`part${String(index)}`, objectOf(index < 4 ? 10_000 : 9_995)]),
    );
    const answer = await deliver(url, JSON.stringify(payload));
    expect(answer.status).toBe(202);
    const { runId } = (await answer.json()) as { runId: string };
    const run = await waitForRun(backend, runId);
    // Its record keeps no copy of a payload this large; the run read it.
    expect(run).toMatchObject({ status: 'succeeded', message: '1 4' });
  });
});
