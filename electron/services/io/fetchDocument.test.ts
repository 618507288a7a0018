/**
 * An API description downloaded for import is read no further than the document limit, however
 * the server sends it: plainly, without end, or as a small gzip that inflates far past it.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport, type HttpTransport } from '../http/httpTransport';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { maxDocumentBytes } from './documentBudgets';
import { createDocumentFetcher, fetchDocument } from './fetchDocument';

const servers: LocalServer[] = [];
const transports: HttpTransport[] = [];
afterEach(async () => {
  for (const transport of transports.splice(0)) transport.dispose();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = await listen(http.createServer(handler));
  servers.push(server);
  return `${server.url}/openapi.json`;
}

function transport(): HttpTransport {
  const created = createHttpTransport();
  transports.push(created);
  return created;
}

const tooLarge = {
  code: 'invalid_input',
  field: 'source',
  message: expect.stringContaining('larger than 5 MB') as unknown,
};

describe('fetchDocument', () => {
  it('reads a document of exactly the limit', async () => {
    const body = `{"openapi":"3.0.3","x":"${'a'.repeat(maxDocumentBytes - 26)}"}`;
    expect(Buffer.byteLength(body)).toBe(maxDocumentBytes);
    const url = await serve((_request, response) => response.end(body));
    expect(await fetchDocument(transport(), url)).toBe(body);
  });

  it('refuses a 6 MB document, naming the field and the limit', async () => {
    const url = await serve((_request, response) => response.end(Buffer.alloc(6 * 1024 * 1024, 'a')));
    await expect(fetchDocument(transport(), url)).rejects.toMatchObject(tooLarge);
  });

  it('stops reading an endless answer at the limit, not at the transport-wide 50 MB', async () => {
    let written = 0;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const url = await serve((_request, response) => {
      const pump = () => {
        // Stops by itself at 100 MB, so a transport that reads on cannot hang the test.
        while (!response.destroyed && written < 100 * 1024 * 1024) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    await expect(fetchDocument(transport(), url)).rejects.toMatchObject(tooLarge);
    // What the server got out before the client hung up: the limit plus the sockets' buffers.
    expect(written).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses a small gzip that inflates past the limit', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '));
    expect(bomb.length).toBeLessThan(maxDocumentBytes / 10);
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      response.end(bomb);
    });
    await expect(fetchDocument(transport(), url)).rejects.toMatchObject(tooLarge);
  });

  it('reads a gzip-encoded document within the limit', async () => {
    const body = '{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}';
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.end(zlib.gzipSync(body));
    });
    expect(await fetchDocument(transport(), url)).toBe(body);
  });

  it('refuses an address with a password before sending anything, never repeating the password', async () => {
    const requested: string[] = [];
    const url = await serve((request, response) => {
      requested.push(request.url ?? '');
      response.writeHead(401).end();
    });
    const withPassword = url.replace('http://', 'http://ada:s3cret-pw@');
    const refusal = await fetchDocument(transport(), withPassword).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      field: 'source',
      message: `The address holds a user name or password (before the @), which a download never sends: use ${url}, or download the document yourself and paste it here.`,
    });
    expect(requested).toEqual([]);
  });

  it('downloads at most four documents at once, refusing more as busy', async () => {
    const held: http.ServerResponse[] = [];
    const url = await serve((_request, response) => void held.push(response));
    const fetchAtMostFour = createDocumentFetcher(transport());
    const first = Array.from({ length: 4 }, () => fetchAtMostFour(url));
    await expect(fetchAtMostFour(url)).rejects.toMatchObject({ code: 'busy' });
    await expect.poll(() => held.length).toBe(4);
    for (const response of held.splice(0)) response.end('{}');
    expect(await Promise.all(first)).toEqual(['{}', '{}', '{}', '{}']);

    const later = fetchAtMostFour(url);
    await expect.poll(() => held.length).toBe(1);
    held[0]?.end('{}');
    expect(await later).toBe('{}');
  });
});
