/**
 * Denies every permission a page can ask for (camera, notifications, devices, …), except writing
 * to the clipboard from our own page: the Copy buttons (copy as cURL) use navigator.clipboard.
 */
import type { Session } from 'electron';
import { isAppUrl } from './appOrigin';

const clipboardWrite = 'clipboard-sanitized-write';

export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === clipboardWrite && isAppUrl(details.requestingUrl));
  });
  // Chromium checks before it asks; both handlers are needed for complete handling.
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => permission === clipboardWrite && isAppUrl(requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}
