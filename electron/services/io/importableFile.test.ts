/**
 * An export the import would refuse is refused, naming what to shorten: a method may hold a body
 * of 5,000,000 characters, and a file is read up to 4 MB. Through the real backend.
 */
import { describe, expect, it } from 'vitest';
import { startBackend, stopBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

async function integrationWithBody(backend: ReturnType<typeof startBackend>, bodyChars: number) {
  const { call } = inProcessApi(backend);
  const { id } = await call('integrations.create', { details: { name: 'Files', category: 'Storage' } });
  await call('integrations.updateDefinition', { id, definition: { baseUrl: 'https://files.example' } });
  await call('methods.create', {
    integrationId: id,
    definition: { name: 'List', httpMethod: 'GET', path: '/files' },
  });
  await call('methods.create', {
    integrationId: id,
    definition: {
      name: 'Upload',
      httpMethod: 'POST',
      path: '/files',
      body: { kind: 'raw', contentType: 'text/plain', text: 'x'.repeat(bodyChars) },
    },
  });
  return id;
}

describe('an export the import would refuse', () => {
  it('is refused, naming the method that makes the file too large', async () => {
    const backend = startBackend();
    try {
      const { call } = inProcessApi(backend);
      const integrationId = await integrationWithBody(backend, 4_500_000);
      const refusal = {
        code: 'payload_too_large',
        message: expect.stringMatching(
          /^This file cannot be exported: it would take 4\.3 MB, and an import reads at most 4 MB; its largest method, "Upload", takes 4\.3 MB: shorten it/,
        ) as unknown,
      };
      await expect(call('integrations.export', { id: integrationId })).rejects.toMatchObject(refusal);
      // So is a runbook's file carrying it.
      const { id: methodId } = (await call('methods.list', { integrationId })).find(
        (method) => method.definition.name === 'Upload',
      ) ?? { id: '' };
      const { id: runbookId } = await call('runbooks.create', { details: { name: 'Upload files' } });
      await call('runbooks.update', {
        id: runbookId,
        draft: {
          steps: [
            { id: 'start', name: 'Start', type: 'start' },
            { id: 'upload', name: 'Upload', type: 'method', methodId, arguments: {} },
          ],
          edges: [{ from: 'start', kind: 'next', to: 'upload' }],
          positions: {},
        },
      });
      await expect(call('runbooks.export', { id: runbookId })).rejects.toMatchObject(refusal);
    } finally {
      stopBackend(backend);
    }
  });

  it('is written when it fits, and imports elsewhere', async () => {
    const backend = startBackend();
    const elsewhere = startBackend();
    try {
      const integrationId = await integrationWithBody(backend, 3_000_000);
      const { content } = await inProcessApi(backend).call('integrations.export', { id: integrationId });
      const { plan } = await inProcessApi(elsewhere).call('integrations.import', { content });
      expect(plan.methods.map((method) => method.name).sort()).toEqual(['List', 'Upload']);
    } finally {
      stopBackend(backend);
      stopBackend(elsewhere);
    }
  });
});
