/** Maps a request path of the app:// page to a file of the built window, refusing anything outside it. */
import fs from 'node:fs';
import path from 'node:path';

/**
 * The file under root that a URL path names, or undefined when the path escapes root (also
 * through percent-encoding or backslashes), is not valid percent-encoding, or names no file.
 */
export function resolveAppFile(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' || pathname === '' ? '/index.html' : pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  if (!file.startsWith(resolvedRoot + path.sep)) return undefined;
  try {
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}
