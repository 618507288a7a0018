/**
 * Serves the built window from app://runbook-designer/ instead of file://, so the page has a real
 * origin, a strict Content-Security-Policy header, and no access to the rest of the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import { appHost, appScheme } from './appOrigin';
import { resolveAppFile } from './resolveAppFile';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      // standard: relative URLs and a real origin; secure: a secure context, like https;
      // corsEnabled: Vite's `<script type="module" crossorigin>` is fetched in CORS mode.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

/** Answers app://runbook-designer/<path> with files under rendererDirectory; anything else is 404. */
export function serveAppScheme(rendererDirectory: string): void {
  const root = path.resolve(rendererDirectory);
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const isOurs = url.host === appHost && (request.method === 'GET' || request.method === 'HEAD');
    const file = isOurs ? resolveAppFile(root, url.pathname) : undefined;
    if (file === undefined) {
      return new Response('Not found', {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    // Read with fs rather than net.fetch(file:…) so the content type is ours to set: module
    // scripts are refused without a JavaScript one. fs reads inside app.asar too.
    const body = await fs.promises.readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'content-type': contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      },
    });
  });
}
