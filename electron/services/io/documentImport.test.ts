/** An address is downloaded before it is read; anything else is read as the document itself. */
import { describe, expect, it } from 'vitest';
import { createDocumentImport } from './documentImport';
import type { OpenApiPreview } from './openApiImport';

const preview: OpenApiPreview = { title: 'Tickets', version: '1', baseUrl: '', operations: [] };

function importer() {
  const fetched: string[] = [];
  const read: string[] = [];
  const importDocument = createDocumentImport({
    reader: {
      read: (source) => {
        read.push(source);
        return Promise.resolve(preview);
      },
    },
    fetchDocument: (url) => {
      fetched.push(url);
      return Promise.resolve(`{"downloaded from":"${url}"}`);
    },
  });
  return { importDocument, fetched, read };
}

describe('importing an API description', () => {
  it('downloads an http or https address and reads what it answered', async () => {
    const { importDocument, fetched, read } = importer();
    await importDocument('https://api.example.test/openapi.json');
    await importDocument('HTTP://api.example.test/spec.yaml');
    expect(fetched).toEqual(['https://api.example.test/openapi.json', 'HTTP://api.example.test/spec.yaml']);
    expect(read).toEqual([
      '{"downloaded from":"https://api.example.test/openapi.json"}',
      '{"downloaded from":"HTTP://api.example.test/spec.yaml"}',
    ]);
  });

  it('reads pasted text as the document, even when it holds an address', async () => {
    const { importDocument, fetched, read } = importer();
    const pasted = 'openapi: 3.0.3\nservers:\n  - url: https://api.example.test\n';
    await importDocument(pasted);
    await importDocument('ftp://files.example.test/openapi.json');
    expect(fetched).toEqual([]);
    expect(read).toEqual([pasted, 'ftp://files.example.test/openapi.json']);
  });
});
