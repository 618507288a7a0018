/** Debian's python3-httpbin on a free 127.0.0.1 port, for tests of real HTTP behaviour. */
import { spawn } from 'node:child_process';
import net from 'node:net';

export interface Httpbin {
  url: string;
  stop(): Promise<void>;
}

export const httpbinPython = process.env.HTTPBIN_PYTHON ?? '/usr/bin/python3';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function waitUntilUp(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/get`)).ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`httpbin did not start at ${url} within 20 s (is python3-httpbin installed?)`);
}

export async function startHttpbin(): Promise<Httpbin> {
  const port = await freePort();
  const child = spawn(httpbinPython, ['-m', 'httpbin.core', '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${String(port)}`;
  try {
    await waitUntilUp(url, Date.now() + 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
