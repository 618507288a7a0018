/**
 * Our page's origin, in a module without Electron so the guards built on it (IPC sender,
 * navigation, permissions) can be tested in plain Node.
 */
export const appScheme = 'app';
export const appHost = 'runbook-designer';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** True for a URL (or origin) of our own page. Node's URL gives custom schemes the origin "null", so compare text. */
export function isAppUrl(url: string): boolean {
  return url === appOrigin || url.startsWith(`${appOrigin}/`);
}

/** True for an http(s) address, the only kind handed to the system browser. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
