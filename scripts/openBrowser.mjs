// Opens the headless shell's printed address in the default browser, once, where there is one.
import { spawn } from 'node:child_process';

function openerFor(url) {
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '', url]];
  return ['xdg-open', [url]];
}

/** Watches stdout for the "serving" line and opens that URL; silent where nothing can open it. */
export function openBrowserOnce() {
  const hasDisplay =
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (process.env.CI || !hasDisplay) return;
  const write = process.stdout.write.bind(process.stdout);
  let isOpened = false;
  process.stdout.write = (chunk, ...rest) => {
    const match = !isOpened && /serving (http:\/\/\S+)/.exec(String(chunk));
    if (match) {
      isOpened = true;
      const [command, args] = openerFor(match[1]);
      try {
        spawn(command, args, { stdio: 'ignore', detached: true })
          .on('error', () => undefined)
          .unref();
      } catch {
        // No browser opener: the address is printed for the user to open.
      }
    }
    return write(chunk, ...rest);
  };
}
