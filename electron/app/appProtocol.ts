/**
 * Serves the built window from app://runbook-designer/ instead of file://, so the page has a real
 * origin, a strict Content-Security-Policy header, and no access to the rest of the disk.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';

export const appScheme = 'app';
export const appHost = 'runbook-designer';
export const appOrigin = `${appScheme}://${appHost}`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Maps app://runbook-designer/<path> to files under rendererDirectory; anything else is 404. */
export function serveAppScheme(rendererDirectory: string): void {
  const root = path.resolve(rendererDirectory);
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(root, `.${relative}`);
    if (url.host !== appHost || !file.startsWith(root + path.sep)) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', contentSecurityPolicy);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
