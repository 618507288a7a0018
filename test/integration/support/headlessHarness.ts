/**
 * Test support for the headless shell: a real server on 127.0.0.1 over a backend in a temp folder,
 * serving a temp static folder, and a raw HTTP client (node:http, so that tests can send the Host
 * and Origin headers a browser or fetch would refuse to set).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startHeadlessServer } from '../../../electron/headless/headlessServer';
import type { Backend } from '../../../electron/services/backend';
import {
  startBackend,
  startFileBackend,
  temporaryDirectory,
} from '../../../electron/services/testSupport/temporaryBackend';
import { httpApi, type TypedApi } from '../../../electron/services/testSupport/typedApi';

export const testToken = 'test-token-0123456789abcdefghijklmnopqrstuv';
/** Written to a file beside the static folder: a response containing it escaped the folder. */
export const outsideMarker = 'OUTSIDE-THE-STATIC-FOLDER-5d41402a';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sends the body in 1 MB chunks without a Content-Length (Transfer-Encoding: chunked). */
  isChunked?: boolean;
}

export interface TestServer {
  port: number;
  /** http://127.0.0.1:<port>, the server's own origin. */
  origin: string;
  backend: Backend;
  staticDirectory: string;
  request(pathname: string, options?: RequestOptions): Promise<RawResponse>;
  /** POST /api/<name> with a JSON body and, unless headers are given, the bearer token. */
  call(name: string, body: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  /** The contract's calls, typed, over HTTP with the bearer token (throws the error answered). */
  api: TypedApi;
  dispose(): void;
}

export const bearer = { authorization: `Bearer ${testToken}` };
export const jsonWithBearer = { ...bearer, 'content-type': 'application/json' };

/**
 * A server for one test (stopped and removed after it), or with `isForFile` one that all the
 * file's tests share: then the file's afterAll calls `dispose`, which also removes its folders.
 */
export async function startTestServer({
  isForFile = false,
  timeouts,
  maxConnections,
  log = () => undefined,
}: {
  isForFile?: boolean;
  timeouts?: { headersMs: number; requestMs: number };
  maxConnections?: number;
  log?: (line: string) => void;
} = {}): Promise<TestServer> {
  const forFile = isForFile ? startFileBackend() : undefined;
  const root = forFile === undefined ? temporaryDirectory() : path.join(forFile.dataDirectory, 'served');
  const staticDirectory = path.join(root, 'static');
  fs.mkdirSync(path.join(staticDirectory, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDirectory, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(staticDirectory, 'assets', 'app.js'), 'console.log("app");');
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: outsideMarker }));
  const backend = forFile?.backend ?? startBackend();
  const server = await startHeadlessServer({
    backend,
    host: '127.0.0.1',
    port: 0,
    token: testToken,
    staticDirectory,
    log,
    ...(timeouts === undefined ? {} : { timeouts }),
    ...(maxConnections === undefined ? {} : { maxConnections }),
  });
  const request = (pathname: string, options: RequestOptions = {}) =>
    rawRequest(server.port, pathname, options);
  const origin = `http://127.0.0.1:${String(server.port)}`;
  return {
    port: server.port,
    origin,
    backend,
    staticDirectory,
    request,
    call: (name, body, headers = jsonWithBearer) =>
      request(`/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) }),
    api: httpApi({ origin, token: testToken }),
    dispose: () => {
      server.dispose();
      forFile?.dispose();
    },
  };
}

function rawRequest(port: number, pathname: string, options: RequestOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let hasResponse = false;
    const outgoing = http.request(
      { host: '127.0.0.1', port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        hasResponse = true;
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
        response.on('error', reject);
      },
    );
    // A server that answers before reading a whole (too large) body may reset the connection.
    outgoing.on('error', (error) => {
      if (!hasResponse) reject(error);
    });
    if (options.isChunked === true && options.body !== undefined) {
      const bytes = Buffer.from(options.body);
      for (let offset = 0; offset < bytes.length; offset += 1024 * 1024) {
        outgoing.write(bytes.subarray(offset, offset + 1024 * 1024));
      }
      outgoing.end();
    } else {
      outgoing.end(options.body);
    }
  });
}
