/** How a keyboard shortcut is written on this platform: "⌘N" on macOS, "Ctrl+N" elsewhere. */
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** The label of Ctrl/Cmd + key, for titles and hints. */
export function shortcutLabel(key: string): string {
  return isMac ? `⌘${key}` : `Ctrl+${key}`;
}
