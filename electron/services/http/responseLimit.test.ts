/**
 * A request's own byte limit (maxResponseBytes): counted on the body as received and once
 * decompressed, so neither a large answer nor a small one that inflates is read past it.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport, maxResponseBytes, type TransportRequest } from './httpTransport';
import { listen, type LocalServer } from './testSupport/localServers';

const megabyte = 1024 * 1024;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function answering(body: Buffer, encoding?: string): Promise<LocalServer> {
  const local = await listen(
    http.createServer((_request, response) => {
      response.writeHead(200, encoding === undefined ? {} : { 'content-encoding': encoding });
      response.end(body);
    }),
  );
  cleanups.push(() => local.close());
  return local;
}

function send(target: LocalServer, limit: number | undefined) {
  const transport = createHttpTransport();
  cleanups.push(() => transport.dispose());
  const request: TransportRequest = {
    method: 'GET',
    url: new URL(target.url),
    headers: {},
    body: undefined,
    timeoutMs: 30_000,
    maxResponseBytes: limit,
  };
  // An answer is reduced to its size: a failing expectation then prints no megabytes of body.
  return transport.send(request).then(
    (response) => `answered ${String(response.body.length)} bytes`,
    (error: unknown) => error,
  );
}

describe('a per-request response limit', () => {
  it('refuses a body over it, naming it', async () => {
    const target = await answering(Buffer.alloc(2 * megabyte + 1, 'a'));
    const error = await send(target, 2 * megabyte);
    expect(error).toMatchObject({ code: 'TOO_LARGE' });
    expect((error as Error).message).toContain('more than 2 MB');
  });

  it('takes a body of exactly the limit', async () => {
    const target = await answering(Buffer.alloc(2 * megabyte, 'a'));
    expect(await send(target, 2 * megabyte)).toBe(`answered ${String(2 * megabyte)} bytes`);
  });

  it('refuses a small gzip inflating past it, though under the transport-wide limit', async () => {
    const inflated = 30 * megabyte;
    expect(inflated).toBeLessThan(maxResponseBytes);
    const target = await answering(zlib.gzipSync(Buffer.alloc(inflated)), 'gzip');
    expect(await send(target, 2 * megabyte)).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('counts what is received too: empty gzip members inflate to nothing, without end', async () => {
    const empty = zlib.gzipSync(Buffer.alloc(0));
    const target = await answering(
      Buffer.concat(Array<Buffer>(Math.ceil(megabyte / empty.length)).fill(empty)),
      'gzip',
    );
    expect(await send(target, megabyte / 2)).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('cannot raise the transport-wide limit', async () => {
    const target = await answering(zlib.gzipSync(Buffer.alloc(maxResponseBytes + 1)), 'gzip');
    expect(await send(target, 2 * maxResponseBytes)).toMatchObject({ code: 'TOO_LARGE' });
  });
});
