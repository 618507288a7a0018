/**
 * Denies every permission a page can ask for (camera, notifications, devices, …), except the
 * clipboard for our own page: the Copy buttons (copy as cURL) write to it, and pasting steps on
 * the canvas reads it (so steps copied in one window paste into another).
 */
import type { Session } from 'electron';
import { isAppUrl } from './appOrigin';

const clipboardPermissions = new Set(['clipboard-sanitized-write', 'clipboard-read']);

export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(clipboardPermissions.has(permission) && isAppUrl(details.requestingUrl));
  });
  // Chromium checks before it asks; both handlers are needed for complete handling.
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      clipboardPermissions.has(permission) && isAppUrl(requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}
