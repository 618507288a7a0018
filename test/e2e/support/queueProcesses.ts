/**
 * Queue mode as a team starts it, from the built command line: a main (`serve --queue`) and
 * workers (`worker --queue`), each its own process group, stopped with SIGTERM or killed with
 * SIGKILL as a crash would end them; and the webhook runbook the queue tests and the benchmark
 * publish on a main, with deliveries signed as a sender signs them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { RateLimits } from '../../../shared/domain/rateLimits';
import { callApi, repositoryRoot, startServe, type ServeProcess } from './serveProcess';

/** The built command line. */
export const cli = () => path.join(repositoryRoot, 'dist', 'headless', 'cli.cjs');

export interface WorkerProcess {
  id: string;
  stderr: () => string;
  /** SIGTERM; answers the exit code once it has exited. */
  stop(): Promise<number | null>;
  /** SIGKILL. */
  kill(): Promise<void>;
}

/** `serve --queue <address>` on a data directory, with the team's key. */
export function startQueueMain(
  dataDirectory: string,
  address: string,
  teamKey: string,
): Promise<ServeProcess> {
  return startServe({
    dataDirectory,
    env: { RUNBOOK_DESIGNER_KEY: teamKey },
    command: [process.execPath, cli(), 'serve', '--queue', address],
  });
}

/** `worker --queue <address> --concurrency <n>` on a temporary data directory. */
export async function startQueueWorker(
  address: string,
  teamKey: string,
  concurrency: number,
): Promise<WorkerProcess> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-worker-'));
  const child = spawn(
    process.execPath,
    [cli(), 'worker', '--queue', address, '--concurrency', String(concurrency), '--data-dir', dataDirectory],
    {
      env: { ...process.env, RUNBOOK_DESIGNER_KEY: teamKey },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => fs.rmSync(dataDirectory, { recursive: true, force: true }));
  const line = await firstLine(child, () => stderr);
  const id = /^Runbook Designer worker (\S+) taking runs/.exec(line)?.[1];
  if (id === undefined) {
    signal(child, 'SIGKILL');
    throw new Error(`the worker printed "${line}" first; stderr:\n${stderr}`);
  }
  return {
    id,
    stderr: () => stderr,
    stop: () => {
      signal(child, 'SIGTERM');
      return exited;
    },
    kill: async () => {
      signal(child, 'SIGKILL');
      await exited;
    },
  };
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, name);
  } catch {
    // Already gone.
  }
}

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout ?? process.stdin });
    const timer = setTimeout(
      () => reject(new Error(`the worker printed nothing in 60 s:\n${stderr()}`)),
      60_000,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited with ${String(code)} before printing:\n${stderr()}`));
    });
  });
}

export interface WebhookRunbookOptions {
  /** The runbook's name; its integration is named `Target <name>`. */
  name: string;
  /** The local target's address, the integration's base URL. */
  targetUrl: string;
  /** The runbook GETs `<pathPrefix>/<n>`. */
  pathPrefix: string;
  /** The webhook's signing secret. */
  secret: string;
  /** The integration's rate limits, if any. */
  rateLimits?: Partial<RateLimits>;
}

/**
 * A published runbook whose webhook maps `n`, GETs `<pathPrefix>/<n>` and ends with "got <n>";
 * answers its id and webhook address.
 */
export async function publishWebhookRunbook(
  server: ServeProcess,
  options: WebhookRunbookOptions,
): Promise<{ id: string; url: string }> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: `Target ${options.name}`, category: 'Other' },
  });
  const rateLimits =
    options.rateLimits === undefined
      ? undefined
      : { requestsPerSecond: null, requestsPerMinute: null, concurrentRequests: null, ...options.rateLimits };
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: {
      baseUrl: options.targetUrl,
      ...(rateLimits === undefined ? {} : { behaviour: { rateLimits } }),
    },
  });
  const method = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Get', httpMethod: 'GET', path: `${options.pathPrefix}/{n}` },
  });
  const { id } = await callApi(server, 'runbooks.create', { details: { name: options.name } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      inputs: [{ name: 'n', type: 'string', isRequired: true }],
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: { isEnabled: true, inputMapping: [{ input: 'n', path: '$.n' }] },
        },
        { id: 'get', name: 'Get', type: 'method', methodId: method.id, arguments: { n: '{{inputs.n}}' } },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: 'got {{inputs.n}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'get' },
        { from: 'get', kind: 'success', to: 'done' },
      ],
    },
  });
  await callApi(server, 'runbooks.publish', { id, note: 'First' });
  await callApi(server, 'runbooks.setTriggerSecret', { id, secret: options.secret });
  return { id, url: (await callApi(server, 'runbooks.triggers', { id })).webhook.url ?? '' };
}

/** Delivers `{ n }` for each of `values` to a webhook, `inFlight` at a time; answers the run ids in order. */
export async function deliverWebhooks(
  url: string,
  secret: string,
  values: readonly string[],
  inFlight = 1,
): Promise<string[]> {
  const runIds: string[] = new Array<string>(values.length);
  let next = 0;
  const sender = async () => {
    for (let index = next++; index < values.length; index = next++) {
      const body = JSON.stringify({ n: values[index] });
      const signature = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
      const text = await response.text();
      if (response.status !== 202)
        throw new Error(`a delivery was answered ${String(response.status)}: ${text.slice(0, 200)}`);
      runIds[index] = (JSON.parse(text) as { runId: string }).runId;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, inFlight) }, sender));
  return runIds;
}
