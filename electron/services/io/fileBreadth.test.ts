/**
 * A runbook or integration file too broad to read at once — an object of very many keys, very
 * many values in all — is refused before it is parsed, saying what is too large and where, so
 * the backend goes on answering the window, webhooks and scripts meanwhile.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxRunbookFileBytes } from '../../../shared/io/exchangeDocument';
import { startTestServer, type TestServer } from '../../../test/integration/support/headlessHarness';
import { expectImportRefused } from '../testSupport/importRefusals';
import { startBackend } from '../testSupport/temporaryBackend';

const keys = (count: number) =>
  Array.from({ length: count }, (_, index) => `"k${String(index)}":1`).join(',');

/** A runbook file whose one step carries `extra` (written as JSON text) beside its fields. */
const runbookFileWith = (extra: string) =>
  `{"format":"runbook-designer/runbook","schemaVersion":1,"runbook":{"name":"Wide","steps":[{"id":"start","type":"start","extra":${extra}}],"edges":[]}}`;

/** An integration file whose definition carries `extra` (written as JSON text). */
const integrationFileWith = (extra: string) =>
  `{"format":"runbook-designer/integration","schemaVersion":1,"integration":{"name":"Wide","category":"PSA","definition":{"extra":${extra}},"methods":[]}}`;

describe('a file too broad to read at once', () => {
  it('is refused before it is parsed when an object in it has 350,000 keys (4 MB), naming where', async () => {
    const backend = startBackend();
    const wide = `{${keys(350_000)}}`;
    const runbookFile = runbookFileWith(wide);
    expect(runbookFile.length).toBeGreaterThan(4_000_000);
    expect(runbookFile.length).toBeLessThan(maxRunbookFileBytes);
    await expectImportRefused(backend, 'runbooks', runbookFile, {
      code: 'invalid_input',
      message:
        'This file cannot be imported: it holds an object of more than 10,000 keys (at runbook.steps[0].extra); a file holds at most 10,000 keys in one object.',
    });
    await expectImportRefused(backend, 'integrations', integrationFileWith(wide), {
      code: 'invalid_input',
      message:
        'This file cannot be imported: it holds an object of more than 10,000 keys (at integration.definition.extra); a file holds at most 10,000 keys in one object.',
    });
  });

  it('is refused before it is parsed when it holds more than 250,000 keys and array items in all', async () => {
    const backend = startBackend();
    const items = `[${Array.from({ length: 250_001 }, () => '0').join(',')}]`;
    for (const [kind, content] of [
      ['runbooks', runbookFileWith(items)],
      ['integrations', integrationFileWith(items)],
    ] as const)
      await expectImportRefused(backend, kind, content, {
        code: 'invalid_input',
        message:
          'This file cannot be imported: it holds more than 250,000 keys and array items; a file holds at most 250,000.',
      });
  });

  it('names the place of a wide object at the top of the file', async () => {
    await expectImportRefused(startBackend(), 'runbooks', `{${keys(10_001)}}`, {
      message:
        'This file cannot be imported: it holds an object of more than 10,000 keys (at the top of the file); a file holds at most 10,000 keys in one object.',
    });
  });
});

describe('serve, given a file of 350,000 keys to import', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.dispose());

  it('refuses it with 400 saying why, and answers the next call', async () => {
    const content = integrationFileWith(`{${keys(350_000)}}`);
    const [refused, listed] = await Promise.all([
      server.call('integrations.import', { content }),
      server.call('integrations.list', {}),
    ]);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'invalid_input',
        message:
          'This file cannot be imported: it holds an object of more than 10,000 keys (at integration.definition.extra); a file holds at most 10,000 keys in one object.',
      },
    });
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body)).toMatchObject({ total: 0 });
  });
});
