/**
 * A webhook's own credential mapped to a runbook input (headers.authorization) reaches the run,
 * which may use it, but every record of the run shows it as ••••: inputs, step records, the call
 * log, the run's error — and the database file holds it nowhere in clear.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

type Backend = ReturnType<typeof startBackend>;

const password = 'hook-pass-5c2d8e';
const basic = `Basic ${Buffer.from(`hook:${password}`).toString('base64')}`;

let target: LocalServer;
const received: string[] = [];
beforeAll(async () => {
  target = await listen(
    http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      });
    }),
  );
});
afterAll(async () => {
  await target.close();
});

/** A published runbook whose webhook maps the Authorization header to an input a step sends on. */
async function setUp(webhook: Record<string, unknown>, secret: string) {
  const backend = startBackend();
  await backend.triggersReady;
  const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'Downstream', category: 'Other' },
  });
  await backend.dispatch('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: target.url },
  });
  const { id: methodId } = await inProcessApi(backend).call('methods.create', {
    integrationId,
    definition: {
      name: 'Forward',
      httpMethod: 'POST',
      path: '/forward',
      body: { kind: 'json', text: '{"auth": "{{auth}}", "ticket": "{{ticket}}"}' },
      outputs: [{ name: 'echoed', expression: 'response^auth!' }],
    },
  });
  const { id: runbookId } = await inProcessApi(backend).call('runbooks.create', {
    details: { name: 'Forward the caller' },
  });
  await backend.dispatch('runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [
        { name: 'auth', type: 'string', isRequired: true },
        { name: 'ticket', type: 'string', isRequired: true },
      ],
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: {
            isEnabled: true,
            ...webhook,
            inputMapping: [
              { input: 'auth', path: 'headers.authorization' },
              { input: 'ticket', path: '$.ticket' },
            ],
          },
        },
        {
          id: 'forward',
          name: 'Forward',
          type: 'method',
          methodId,
          arguments: { auth: '{{inputs.auth}}', ticket: '{{inputs.ticket}}' },
        },
        // Fails on purpose: the run's error echoes the credential too.
        {
          id: 'done',
          name: 'Done',
          type: 'end',
          outcome: 'failed',
          message: 'Sent {{steps.forward.outputs.echoed}}',
        },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'forward' },
        { from: 'forward', kind: 'success', to: 'done' },
      ],
    },
  });
  await backend.dispatch('runbooks.publish', { id: runbookId, note: '' });
  await backend.dispatch('runbooks.setTriggerSecret', { id: runbookId, secret });
  const status = await inProcessApi(backend).call('runbooks.triggers', {
    id: runbookId,
  });
  return { backend, integrationId, url: status.webhook.url ?? '' };
}

function databaseBytes(backend: Backend): string {
  return ['', '-wal']
    .map((suffix) => `${backend.databaseFile}${suffix}`)
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file).toString('latin1'))
    .join('\n');
}

async function deliveredRun(backend: Backend, url: string, headers: Record<string, string>, body: string) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  expect(answer.status).toBe(202);
  const { runId } = (await answer.json()) as { runId: string };
  return waitForRun(backend, runId);
}

describe('a webhook credential mapped to an input', () => {
  it('reaches the run but is •••• in every record of it (Basic authentication)', async () => {
    const { backend, integrationId, url } = await setUp(
      { authentication: 'basic', username: 'hook' },
      password,
    );
    const run = await deliveredRun(backend, url, { authorization: basic }, '{"ticket": "T-42"}');

    expect(received.at(-1)).toContain(basic);
    expect(run.inputs).toEqual({ auth: '••••', ticket: 'T-42' });
    expect(run.error).toBe('Sent ••••');
    const recorded = JSON.stringify([
      run,
      await backend.dispatch('runs.list', {}),
      await backend.dispatch('integrations.callLog', { id: integrationId }),
    ]);
    for (const clear of [basic, password, basic.slice('Basic '.length)]) {
      expect(recorded).not.toContain(clear);
      expect(databaseBytes(backend)).not.toContain(clear);
    }
    expect(recorded).toContain('T-42');
  });

  it('is •••• in the records of a runbook the run starts, too', async () => {
    const { backend, url } = await setUp({ authentication: 'basic', username: 'hook' }, password);
    const { id: childId } = await inProcessApi(backend).call('runbooks.create', {
      details: { name: 'Child' },
    });
    await backend.dispatch('runbooks.update', {
      id: childId,
      draft: {
        inputs: [{ name: 'token', type: 'string', isRequired: true }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'done', name: 'Done', type: 'end', outcome: 'failed', message: 'Got {{inputs.token}}' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      },
    });
    await backend.dispatch('runbooks.publish', { id: childId, note: '' });
    const parentId = url.slice(url.lastIndexOf('/') + 1);
    const parent = await inProcessApi(backend).call('runbooks.get', { id: parentId });
    await backend.dispatch('runbooks.update', {
      id: parentId,
      draft: {
        ...parent.draft,
        steps: [
          ...parent.draft.steps.filter((step) => step.type === 'start'),
          {
            id: 'child',
            name: 'Child',
            type: 'runRunbook',
            runbookId: childId,
            inputs: { token: '{{inputs.auth}}' },
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'child' },
          { from: 'child', kind: 'success', to: 'done' },
        ],
      },
    });
    await backend.dispatch('runbooks.publish', { id: parentId, note: '' });

    await deliveredRun(backend, url, { authorization: basic }, '{"ticket": "T-44"}');
    const [childRun] = await inProcessApi(backend).call('runs.list', {
      runbookId: childId,
    });
    const child = await waitForRun(backend, childRun?.id ?? '');
    expect(child.inputs).toEqual({ token: '••••' });
    expect(child.error).toBe('Got ••••');
    expect(databaseBytes(backend)).not.toContain(basic);
  });

  it('masks the signature header of an HMAC webhook, and the Authorization header of any webhook', async () => {
    const key = 'whsec-hmac-key-7a1b';
    const { backend, url } = await setUp(
      { authentication: 'signature', signatureHeader: 'X-Signature' },
      key,
    );
    const body = '{"ticket": "T-43"}';
    const signature = `sha256=${crypto.createHmac('sha256', key).update(body).digest('hex')}`;
    const bearer = 'Bearer caller-token-4f9e1d';
    const run = await deliveredRun(backend, url, { 'x-signature': signature, authorization: bearer }, body);

    expect(received.at(-1)).toContain(bearer);
    expect(run.inputs).toEqual({ auth: '••••', ticket: 'T-43' });
    const recorded = JSON.stringify(run);
    for (const clear of [bearer, 'caller-token-4f9e1d', signature.slice('sha256='.length)]) {
      expect(recorded).not.toContain(clear);
      expect(databaseBytes(backend)).not.toContain(clear);
    }
  });
});
