/**
 * Test support: Debian's python3-httpbin on 127.0.0.1. It is started with --port 0 and the port
 * it chose is read from its start-up line, so no two test files can race for a port.
 */
import { spawn } from 'node:child_process';

export interface HttpbinServer {
  url: string;
  stop(): Promise<void>;
}

/** The Python that has httpbin (Debian's package installs it for /usr/bin/python3). */
const python = process.env.HTTPBIN_PYTHON ?? '/usr/bin/python3';
const startTimeoutMs = 20_000;

async function waitUntilAnswering(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${url}/get`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // Not answering yet.
    }
    if (Date.now() > deadline) throw new Error(`httpbin at ${url} did not answer in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts httpbin and resolves once it answers GET /get; fails within 20 s otherwise. */
export async function startHttpbin(): Promise<HttpbinServer> {
  const child = spawn(python, ['-m', 'httpbin.core', '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  let log = '';
  const deadline = Date.now() + startTimeoutMs;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('httpbin printed no address in time')), startTimeoutMs);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`httpbin exited with ${String(code)}`)));
      // Keep draining stderr after start-up (httpbin logs every request there), but stop keeping it.
      child.stderr.on('data', (chunk: Buffer) => {
        if (log.length > 10_000) return;
        log += chunk.toString();
        const address = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1];
        if (address !== undefined) {
          clearTimeout(timer);
          resolve(address);
        }
      });
    });
    await waitUntilAnswering(url, deadline);
    return { url, stop };
  } catch (error) {
    await stop();
    throw new Error(
      `Could not start httpbin with ${python} (is python3-httpbin installed?): ${(error as Error).message}\n${log}`,
    );
  }
}
