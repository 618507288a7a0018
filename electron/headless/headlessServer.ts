/**
 * The headless shell's web server on 127.0.0.1: the built renderer plus the HTTP API, behind a
 * session token (URL once → cookie, or `Authorization: Bearer`), refusing foreign Host and
 * Origin headers so a web page elsewhere cannot reach it by DNS rebinding.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AppError, type ErrorBody } from '../../shared/api/appError';
import type { Disposable } from '../../shared/lifecycle/disposable';
import { contentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import type { Backend } from '../services/backend';
import { answerRefusedByNode, capConnections, type OverCapRefusal } from '../services/triggers/refusedByNode';
import { describedApiText, handleCall, sendError, sendJsonText, streamEvents } from './httpApi';

/**
 * The session cookie's name for the server on `port`. A browser keeps cookies per host, whatever
 * the port: with one name for all, opening a second server's address (another data folder on
 * 127.0.0.1) overwrote the first one's cookie, and the first window's calls were refused.
 */
export const sessionCookieOf = (port: number): string => `rbd_session_${String(port)}`;

export interface HeadlessServerOptions {
  backend: Backend;
  host: string;
  port: number;
  token: string;
  staticDirectory: string;
  log: (line: string) => void;
  /** How long the headers, and the whole request, may take; shortened in tests. */
  timeouts?: { headersMs: number; requestMs: number };
  /** How many connections may be open at once; lowered in tests. */
  maxConnections?: number;
}

/** Windows (an event stream and a few calls each) and scripts: far below this. */
const defaultMaxConnections = 512;

/**
 * A request's headers must arrive within 10 s and the whole request within 60 s (a body at its
 * limit, some 8 MB, through a slow tunnel). Node's defaults (60 s and 300 s, checked every 30 s)
 * let an idle or trickling connection be held for 90 s, and a trickled body for 330 s.
 */
const defaultTimeouts = { headersMs: 10_000, requestMs: 60_000 };

export interface HeadlessServer extends Disposable {
  port: number;
  url: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function createSessionToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const timeouts = options.timeouts ?? defaultTimeouts;
  let refusedOverCap: OverCapRefusal = () => false;
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    (request, response) => {
      if (refusedOverCap(request, response)) return;
      route(options, server, request, response).catch((error: unknown) => {
        options.log(`request failed: ${String(error)}`);
        if (!response.headersSent) sendError(response, { code: 'internal', message: 'Request failed.' });
        else response.end();
      });
    },
  );
  // Requests Node refuses itself (malformed, too slow) would otherwise get a bare status line.
  server.on('clientError', answerRefusedByNode('request', options.log));
  refusedOverCap = capConnections(
    server,
    options.maxConnections ?? defaultMaxConnections,
    'server',
    options.log,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host}:${String(port)}/?token=${options.token}`,
    dispose: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([host, '127.0.0.1', 'localhost']);
  return new Set([...names].map((name) => `${name}:${String(port)}`));
}

async function route(
  options: HeadlessServerOptions,
  server: http.Server,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const port = (server.address() as AddressInfo).port;
  const hosts = allowedHosts(options.host, port);
  const hostHeader = (request.headers.host ?? '').toLowerCase();
  if (!hosts.has(hostHeader)) {
    options.log(`refused request for foreign host "${hostHeader}"`);
    refuseStranger(response, {
      code: 'forbidden',
      message: `Address this server as 127.0.0.1:${String(port)}.`,
    });
    return;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && ![...hosts].some((host) => origin === `http://${host}`)) {
    options.log(`refused request from foreign origin "${origin}"`);
    refuseStranger(response, { code: 'forbidden', message: 'Requests from other origins are refused.' });
    return;
  }
  let url: URL;
  try {
    url = new URL(request.url ?? '/', `http://${hostHeader}`);
  } catch {
    sendError(response, { code: 'invalid_input', message: 'The address is not valid.' });
    return;
  }
  const urlToken = url.searchParams.get('token');
  if (urlToken !== null && request.method === 'GET' && isToken(options.token, urlToken)) {
    url.searchParams.delete('token');
    response.writeHead(302, {
      'set-cookie': `${sessionCookieOf(port)}=${options.token}; HttpOnly; SameSite=Strict; Path=/`,
      location: `${url.pathname}${url.search}`,
      'cache-control': 'no-store',
    });
    response.end();
    return;
  }
  if (!isAuthorized(options.token, sessionCookieOf(port), request)) {
    refuseUnauthorized(url.pathname, response);
    return;
  }
  if (url.pathname === '/api' || url.pathname === '/api/') {
    if (request.method !== 'GET') {
      sendError(response, new AppError('method_not_allowed', 'GET /api describes the API.').toBody());
      return;
    }
    sendJsonText(response, 200, describedApiText());
    return;
  }
  if (url.pathname === '/api/events') {
    // A stream opened by HEAD or POST never ends: it would hold the connection and a subscription.
    if (request.method !== 'GET') {
      sendError(response, new AppError('method_not_allowed', 'GET /api/events streams the events.').toBody());
      return;
    }
    streamEvents(options.backend, request, response, options.log);
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    await handleCall(options.backend, url.pathname.slice('/api/'.length), request, response, options.log);
    return;
  }
  serveStatic(options.staticDirectory, url.pathname, request, response);
}

function isToken(expected: string, candidate: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(candidate);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function isAuthorized(token: string, cookieName: string, request: http.IncomingMessage): boolean {
  const authorization = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  if (bearer !== undefined && isToken(token, bearer.trim())) return true;
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName && isToken(token, rest.join('='))) return true;
  }
  return false;
}

/**
 * Refuses a request that may not go on, and closes its connection once answered: its body is
 * never read, and Node would otherwise read (and drop) all of it, however slowly it trickled in.
 */
function refuseStranger(response: http.ServerResponse, error: ErrorBody): void {
  response.setHeader('connection', 'close');
  sendError(response, error);
}

function refuseUnauthorized(pathname: string, response: http.ServerResponse): void {
  const message =
    'This Runbook Designer server needs its session token: open the address it printed at start, ' +
    'or send "Authorization: Bearer <token>".';
  if (pathname.startsWith('/api')) {
    refuseStranger(response, { code: 'unauthorized', message });
    return;
  }
  response.setHeader('connection', 'close');
  response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${message}\n`);
}

function serveStatic(
  root: string,
  pathname: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendError(response, { code: 'method_not_allowed', message: 'Only GET is served here.' });
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendError(response, { code: 'invalid_input', message: 'The address is not valid.' });
    return;
  }
  const resolvedRoot = path.resolve(root);
  let file = path.resolve(resolvedRoot, `.${decoded}`);
  if (!file.startsWith(resolvedRoot + path.sep) && file !== resolvedRoot) {
    sendError(response, { code: 'not_found', message: 'Not found.' });
    return;
  }
  // Client-side routes fall back to the app's page.
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(resolvedRoot, 'index.html');
  if (!fs.existsSync(file)) {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The window has not been built: run "npm run build".\n');
    return;
  }
  const extension = path.extname(file);
  const isHtml = extension === '.html';
  response.writeHead(200, {
    'content-type': contentTypes[extension] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'content-security-policy': contentSecurityPolicy, 'x-frame-options': 'DENY' } : {}),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  fs.createReadStream(file).pipe(response);
}
