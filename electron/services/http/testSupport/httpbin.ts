/**
 * Test support: Debian's python3-httpbin on 127.0.0.1 — the one httpbin fixture of the test suites.
 *
 * It cannot race for a port: a few lines of Python bind 127.0.0.1:0 themselves (werkzeug's
 * `make_server`, which binds and listens in its constructor), print the port the kernel gave to
 * stdout, then serve. The socket is already listening when we learn its port, so nothing can take
 * it in between and no readiness polling is needed. The child reads its stdin until end of file and
 * exits then, so it dies with the test process even when `stop()` is never reached.
 */
import { spawn } from 'node:child_process';

/** A running httpbin: its base URL (no trailing slash) and how to stop it. */
export interface Httpbin {
  url: string;
  /** Stops the server; resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** The Python that has httpbin (Debian's package installs it for /usr/bin/python3, not pyenv's). */
export const httpbinPython = process.env.HTTPBIN_PYTHON ?? '/usr/bin/python3';

const startTimeoutMs = 20_000;
const stopTimeoutMs = 5_000;
/** What we keep of the child's stderr for an error message (werkzeug logs errors there). */
const stderrKeptChars = 10_000;

/** Binds 127.0.0.1:0, prints the port, serves httpbin threaded (as Flask's app.run does). */
const serverScript = `
import logging, os, sys, threading
from werkzeug.serving import make_server
from httpbin.core import app
logging.getLogger('werkzeug').setLevel(logging.ERROR)
server = make_server('127.0.0.1', 0, app, threaded=True)
print(server.server_port, flush=True)
def exit_when_parent_is_gone():
    sys.stdin.read()
    os._exit(0)
threading.Thread(target=exit_when_parent_is_gone, daemon=True).start()
server.serve_forever()
`;

/**
 * Starts httpbin on a port of its own and resolves with its URL once it listens; rejects with the
 * child's stderr within 20 s otherwise (and leaves no process behind).
 */
export async function startHttpbin(): Promise<Httpbin> {
  const child = spawn(httpbinPython, ['-c', serverScript], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < stderrKeptChars) stderr += chunk.toString();
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  let spawnError = '';
  // A Python that cannot be started reports 'error' and may never report 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error.message;
      resolve();
    });
  });
  const stop = async () => {
    if (hasExited()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    const port = await readPort(child.stdout, exited);
    return { url: `http://127.0.0.1:${String(port)}`, stop };
  } catch (error) {
    await stop();
    throw new Error(
      `Could not start httpbin with ${httpbinPython} (is python3-httpbin installed? HTTPBIN_PYTHON picks another Python): ${(error as Error).message} ${spawnError}\n${stderr}`,
    );
  }
}

/** The first line the child prints is its port; fails if it exits or says nothing in time. */
function readPort(stdout: NodeJS.ReadableStream, exited: Promise<void>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`it printed no port within ${String(startTimeoutMs / 1000)} s`)),
      startTimeoutMs,
    );
    let printed = '';
    stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const line = /^(\d+)\r?\n/.exec(printed);
      if (line === null) return;
      clearTimeout(timer);
      resolve(Number(line[1]));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('it exited before listening'));
    });
  });
}
