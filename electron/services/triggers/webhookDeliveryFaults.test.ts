/**
 * A delivery whose handling throws — the runbook lookup hits a storage fault, the webhook's
 * secret no longer decrypts, a bug — is answered and logged, and the listener goes on serving:
 * one unauthenticated request must not end the process.
 */
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookTriggerSchema } from '../../../shared/runbook/stepTypes';
import { startBackend } from '../testSupport/temporaryBackend';
import type { WebhookOutcome, WebhookTarget } from './webhookDelivery';
import { createWebhookServer, type WebhookServer } from './webhookServer';
import { inProcessApi } from '../testSupport/typedApi';

const runbookId = '0b7c3f4e-1111-4222-8333-944455556666';

const post = async (url: string, init: { headers?: Record<string, string>; body?: string } = {}) => {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body ?? '{}',
  });
  const body = (await answer.json()) as { runId?: string; error?: { code: string; message: string } };
  return { status: answer.status, retryAfter: answer.headers.get('retry-after'), body };
};

/** An Error as better-sqlite3 throws it, with SQLite's result code. */
const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('webhook listener, when handling a delivery throws', () => {
  let server: WebhookServer;
  let url: string;
  let lookup: () => WebhookTarget | undefined;
  let recorded: WebhookOutcome[];
  let logged: string[];
  let isRecordBroken: boolean;
  const working: WebhookTarget = {
    rules: {
      trigger: webhookTriggerSchema.parse({ isEnabled: true, authentication: 'none' }),
      secret: undefined,
      inputs: [],
    },
    start: () => 'run-1',
  };

  beforeEach(async () => {
    recorded = [];
    logged = [];
    isRecordBroken = false;
    server = createWebhookServer({
      target: () => lookup(),
      record: (outcome) => {
        if (isRecordBroken) throw sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error');
        recorded.push(outcome);
      },
      log: (line) => logged.push(line),
    });
    const { port } = await server.listen('127.0.0.1', 0);
    url = `http://127.0.0.1:${String(port)}/webhooks/${runbookId}`;
  });
  afterEach(() => server.close());

  it('answers 500 for a lookup that fails unexpectedly, logs why, and serves the next delivery', async () => {
    lookup = () => {
      throw sqliteError('SQLITE_CORRUPT', 'database disk image is malformed');
    };
    const answer = await post(url);
    expect(answer.status).toBe(500);
    expect(answer.body.error?.code).toBe('internal');
    expect(answer.body.error?.message).not.toMatch(/malformed/);
    expect(logged.join('\n')).toMatch(/failed: Error SQLITE_CORRUPT: database disk image is malformed/);
    expect(recorded).toMatchObject([{ runbookId, outcome: 'refused', status: 500 }]);

    lookup = () => working;
    expect(await post(url)).toMatchObject({ status: 202, body: { runId: 'run-1' } });
  });

  it('answers 503 with Retry-After while the database is locked', async () => {
    lookup = () => {
      throw sqliteError('SQLITE_BUSY', 'database is locked');
    };
    const answer = await post(url);
    expect(answer).toMatchObject({
      status: 503,
      retryAfter: '30',
      body: { error: { code: 'storage_busy' } },
    });
  });

  it('answers a run it started with 202 even when the trigger log cannot be written', async () => {
    lookup = () => working;
    isRecordBroken = true;
    expect(await post(url)).toMatchObject({ status: 202, body: { runId: 'run-1' } });
    expect(logged.join('\n')).toMatch(/not recorded: Error SQLITE_IOERR_WRITE/);
  });

  it('answers 500 when starting the run throws something that is not an Error', async () => {
    lookup = () => ({
      ...working,
      start: () => {
        throw 'a string';
      },
    });
    expect(await post(url)).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
    lookup = () => working;
    expect((await post(url)).status).toBe(202);
  });
});

/** A published runbook whose webhook has a secret that no key opens, as after the key changed. */
async function withUndecryptableSecret(authentication: 'signature' | 'none') {
  const logged: string[] = [];
  const backend = startBackend(undefined, undefined, { log: (line) => logged.push(line) });
  await backend.triggersReady;
  const { id } = await inProcessApi(backend).call('runbooks.create', { details: { name: 'Hook' } });
  await backend.dispatch('runbooks.update', {
    id,
    draft: {
      inputs: [],
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication } },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  await backend.dispatch('runbooks.publish', { id, note: '' });
  await backend.dispatch('runbooks.setTriggerSecret', { id, secret });
  const status = await inProcessApi(backend).call('runbooks.triggers', { id });
  const other = new Database(backend.databaseFile);
  other
    .prepare('UPDATE trigger_secrets SET ciphertext = ?')
    .run(Buffer.concat([Buffer.of(1), crypto.randomBytes(40)]));
  other.close();
  return { backend, id, logged, hookUrl: status.webhook.url ?? '' };
}

const secret = 'whsec-123456789';
const signed = (key: string) => ({
  headers: {
    'x-hub-signature-256': `sha256=${crypto.createHmac('sha256', key).update('{}').digest('hex')}`,
  },
});

describe('a webhook whose secret no longer decrypts (the key changed, the row was damaged)', () => {
  it('refuses deliveries saying to set the secret again, logs and records that, and works once it is set', async () => {
    const { backend, id, logged, hookUrl } = await withUndecryptableSecret('signature');

    const refused = await post(hookUrl, signed(secret));
    expect(refused.status).toBe(500);
    expect(refused.body.error).toMatchObject({
      code: 'secrets_key_mismatch',
      message: expect.stringMatching(/set the secret again in the runbook’s Start step/) as unknown,
    });
    expect(logged.join('\n')).toMatch(/refused 500 secrets_key_mismatch/);
    expect(logged.join('\n')).not.toContain(secret);
    const { events } = await inProcessApi(backend).call('runbooks.triggers', {
      id,
    });
    expect(events[0]).toMatchObject({ outcome: 'refused', status: 500 });

    await backend.dispatch('runbooks.setTriggerSecret', { id, secret: 'whsec-new-987654' });
    expect((await post(hookUrl, signed('whsec-new-987654'))).status).toBe(202);
  });

  it('does not stop a webhook without authentication, which never uses it', async () => {
    const { hookUrl } = await withUndecryptableSecret('none');
    expect((await post(hookUrl)).status).toBe(202);
  });
});
