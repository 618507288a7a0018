/**
 * kill -9 during a stream of webhook runs (issue 11, item 8): a local upstream counts every
 * request that reaches it, webhook senders count every delivery the server acknowledged, the
 * whole server process group is killed at a random moment, and after a restart on the same data
 * folder every acknowledged delivery must have its run and every POST the upstream saw its step
 * record — finished, or marked "may have been sent" when the kill cut it mid-request.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../electron/services/backend';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

interface Upstream {
  url: string;
  /** Every request that reached it, by method, with the delivery number from its path. */
  seen: { method: string; n: number }[];
  close(): Promise<void>;
}

/** Answers /tickets/<n> after 0–20 ms, so that a kill often finds requests out. */
async function startUpstream(): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const server = http.createServer((request, response) => {
    const n = Number(/^\/tickets\/(\d+)$/.exec(request.url ?? '')?.[1] ?? NaN);
    seen.push({ method: request.method ?? '', n });
    request.resume();
    response.on('error', () => undefined);
    setTimeout(
      () => {
        response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: n }));
      },
      Math.floor(Math.random() * 21),
    );
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Integration → POST and GET methods → a published runbook started by an open webhook. */
async function createWebhookRunbook(server: ServeProcess, upstreamUrl: string): Promise<string> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticket desk', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: upstreamUrl },
  });
  const method = async (name: string, httpMethod: 'GET' | 'POST') =>
    (
      await callApi(server, 'methods.create', {
        integrationId,
        definition: {
          name,
          httpMethod,
          path: '/tickets/{{n}}',
          ...(httpMethod === 'POST' ? { body: { kind: 'json', text: '{"n": "{{n}}"}' } } : {}),
        },
      })
    ).id;
  const openTicket = await method('Open ticket', 'POST');
  const readTicket = await method('Read ticket', 'GET');
  const { id } = await callApi(server, 'runbooks.create', {
    details: { name: 'Open a ticket per delivery' },
  });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      inputs: [{ name: 'n', type: 'number', isRequired: true }],
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: { isEnabled: true, authentication: 'none', inputMapping: [{ input: 'n', path: '$.n' }] },
        },
        { id: 'open', name: 'Open', type: 'method', methodId: openTicket, arguments: { n: '{{inputs.n}}' } },
        { id: 'read', name: 'Read', type: 'method', methodId: readTicket, arguments: { n: '{{inputs.n}}' } },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'open' },
        { from: 'open', kind: 'success', to: 'read' },
        { from: 'read', kind: 'success', to: 'done' },
      ],
    },
  });
  await callApi(server, 'runbooks.publish', { id, note: 'crash test' });
  return id;
}

async function webhookUrlOf(server: ServeProcess, runbookId: string): Promise<string> {
  const status = await callApi(server, 'runbooks.triggers', {
    id: runbookId,
  });
  if (status.webhook.url === null) throw new Error('the webhook listener is not bound');
  return status.webhook.url;
}

interface Stream {
  /** The first delivery number; the stream numbered its deliveries from there. */
  firstN: number;
  /** Delivery number → the run id of its 202. */
  acknowledged: Map<number, string>;
  sent: number;
  /** Deliveries the kill cut before their answer arrived. */
  cut: number;
  otherAnswers: number;
  /** Whether senders were still sending when the kill came. */
  wasMidStream: boolean;
  /** How long the process group took to be gone. */
  killWaitMs: number;
}

const senders = 8;
const maxDeliveries = 3_000;
const maxStreamMs = 4_000;

/** Senders post {n} deliveries until the bounds; the server is killed after `killAfterMs`. */
async function streamAndKill(
  server: ServeProcess,
  webhookUrl: string,
  firstN: number,
  killAfterMs: number,
): Promise<Stream> {
  const stream: Stream = {
    acknowledged: new Map(),
    firstN,
    sent: 0,
    cut: 0,
    otherAnswers: 0,
    wasMidStream: false,
    killWaitMs: 0,
  };
  const startedAt = Date.now();
  let isKilled = false;
  let next = firstN;
  let sendersLeft = senders;
  const send = async () => {
    while (!isKilled && next < firstN + maxDeliveries && Date.now() - startedAt < maxStreamMs) {
      const n = next;
      next += 1;
      stream.sent += 1;
      try {
        const response = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { runId?: string };
        if (response.status === 202 && typeof body.runId === 'string') stream.acknowledged.set(n, body.runId);
        else stream.otherAnswers += 1;
      } catch {
        stream.cut += 1;
      }
    }
    sendersLeft -= 1;
  };
  const sending = Promise.all(Array.from({ length: senders }, send));
  // The kill comes at its moment, or as soon as the stream reaches its bounds (runs still going).
  await Promise.race([new Promise((resolve) => setTimeout(resolve, killAfterMs)), sending]);
  stream.wasMidStream = sendersLeft > 0;
  // No delivery starts after the kill; the ones out meanwhile are cut by it.
  isKilled = true;
  const killedAt = Date.now();
  await server.kill();
  stream.killWaitMs = Date.now() - killedAt;
  await sending;
  return stream;
}

interface StepRow {
  run_id: string;
  run_status: string;
  run_error: string | null;
  trigger_body: string | null;
  step_id: string | null;
  status: string | null;
  error: string | null;
  may_have_been_sent: 0 | 1 | null;
}

/** The records on disk, read beside the restarted server (which has marked interrupted runs). */
function readRecords(dataDirectory: string, runbookId: string) {
  const db = new BetterSqlite3(path.join(dataDirectory, databaseFileName), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const rows = db
      .prepare<[string], StepRow>(
        `SELECT r.id AS run_id, r.status AS run_status, r.error AS run_error, r.trigger_body, s.step_id, s.status, s.error,
           s.may_have_been_sent
         FROM runs r LEFT JOIN run_steps s ON s.run_id = r.id WHERE r.runbook_id = ?`,
      )
      .all(runbookId);
    /** Delivery number → the records of its Open step (one per run that has one). */
    const openStepsByN = new Map<number, StepRow[]>();
    const readStepNs = new Set<number>();
    const runStatuses = new Map<string, string>();
    /** Delivery numbers of the runs a restart found unfinished and marked interrupted. */
    const interruptedNs = new Set<number>();
    for (const row of rows) {
      runStatuses.set(row.run_id, row.run_status);
      const n = (JSON.parse(row.trigger_body ?? '{}') as { n?: number }).n ?? NaN;
      if (row.run_error?.startsWith('interrupted') === true) interruptedNs.add(n);
      if (row.step_id === 'open') openStepsByN.set(n, [...(openStepsByN.get(n) ?? []), row]);
      if (row.step_id === 'read') readStepNs.add(n);
    }
    return { openStepsByN, readStepNs, runStatuses, interruptedNs };
  } finally {
    db.close();
  }
}

interface RunDetail {
  id: string;
  status: string;
  triggerBody: { n?: number } | null;
  steps: { stepId: string; status: string; mayHaveBeenSent: boolean }[];
}

/** Reads every acknowledged run over the API, a few at a time; the ones it does not know are returned. */
async function runsOfAcknowledged(server: ServeProcess, acknowledged: Map<number, string>) {
  const missing: number[] = [];
  const details = new Map<number, RunDetail>();
  const entries = [...acknowledged];
  const read = async () => {
    for (let entry = entries.pop(); entry !== undefined; entry = entries.pop()) {
      const [n, runId] = entry;
      const response = await fetch(`${server.origin}/api/runs.get`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: runId }),
      });
      if (response.status === 404) missing.push(n);
      else if (response.ok) details.set(n, (await response.json()) as RunDetail);
      else throw new Error(`runs.get answered ${String(response.status)}: ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, read));
  return { missing, details };
}

interface RoundFigures {
  runsFound: number;
  /** Acknowledged deliveries with no run, or whose run holds another payload. */
  lostDeliveries: number[];
  postsSeen: number;
  postsWithoutRecord: number[];
  /** POSTs seen upstream whose step record says the request may have been sent. */
  mayHaveBeenSent: number;
  /** Acknowledged runs the API shows with a step that may have been sent. */
  runsShowingMayHaveBeenSent: string[];
  getsSeen: number;
  getsWithoutRecord: number;
  /** Runs of this round the restart found unfinished and marked interrupted. */
  runsInterrupted: number;
  runsLeftUnfinished: number;
}

/** Compares what the senders and the upstream saw with the records after the restart. */
async function checkRound(
  server: ServeProcess,
  dataDirectory: string,
  runbookId: string,
  stream: Stream,
  seen: Upstream['seen'],
): Promise<RoundFigures> {
  const postedNs = new Set(seen.filter((request) => request.method === 'POST').map((r) => r.n));
  const readNs = new Set(seen.filter((request) => request.method === 'GET').map((r) => r.n));
  const { missing, details } = await runsOfAcknowledged(server, stream.acknowledged);
  const records = readRecords(dataDirectory, runbookId);
  const postsWithoutRecord: number[] = [];
  let mayHaveBeenSent = 0;
  for (const n of postedNs) {
    const steps = records.openStepsByN.get(n) ?? [];
    // Finished with its answer, or cut by the kill and saying it may have been sent.
    const isRecorded = steps.some(
      (step) =>
        step.may_have_been_sent === 1 ||
        ((step.status === 'succeeded' || step.status === 'failed') &&
          !(step.error ?? '').startsWith('interrupted')),
    );
    if (!isRecorded) postsWithoutRecord.push(n);
    if (steps.some((step) => step.may_have_been_sent === 1)) mayHaveBeenSent += 1;
  }
  const runs = [...details.values()];
  return {
    runsFound: details.size,
    lostDeliveries: [
      ...missing,
      ...[...details].filter(([n, run]) => run.triggerBody?.n !== n).map(([n]) => n),
    ],
    postsSeen: postedNs.size,
    postsWithoutRecord,
    mayHaveBeenSent,
    runsShowingMayHaveBeenSent: runs
      .filter((run) => run.steps.some((step) => step.mayHaveBeenSent))
      .map((run) => run.id),
    getsSeen: readNs.size,
    getsWithoutRecord: [...readNs].filter((n) => !records.readStepNs.has(n)).length,
    runsInterrupted: [...records.interruptedNs].filter(
      (n) => n >= stream.firstN && n < stream.firstN + maxDeliveries,
    ).length,
    runsLeftUnfinished:
      [...records.runStatuses.values()].filter((status) => status === 'queued' || status === 'running')
        .length + runs.filter((run) => run.status === 'queued' || run.status === 'running').length,
  };
}

function describeRound(round: number, killAfterMs: number, stream: Stream, figures: RoundFigures): string {
  return (
    `round ${String(round)}: killed ${stream.wasMidStream ? 'mid-stream' : 'after the stream'} at ` +
    `${String(killAfterMs)} ms (process group gone in ${String(stream.killWaitMs)} ms); ` +
    `deliveries sent ${String(stream.sent)}, acknowledged ${String(stream.acknowledged.size)} ` +
    `(runs found ${String(figures.runsFound)}), cut by the kill ${String(stream.cut)}, ` +
    `other answers ${String(stream.otherAnswers)}; upstream POSTs seen ${String(figures.postsSeen)}, ` +
    `with records ${String(figures.postsSeen - figures.postsWithoutRecord.length)}, ` +
    `may have been sent ${String(figures.mayHaveBeenSent)} (acknowledged runs showing it ` +
    `${String(figures.runsShowingMayHaveBeenSent.length)}); upstream GETs seen ${String(figures.getsSeen)}, ` +
    `without record ${String(figures.getsWithoutRecord)} (allowed: safe requests are written behind); ` +
    `runs interrupted ${String(figures.runsInterrupted)}, left queued/running ${String(figures.runsLeftUnfinished)}`
  );
}

const temporaryDirectories: string[] = [];
const running: ServeProcess[] = [];
let upstream: Upstream | undefined;

afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
  await upstream?.close();
  for (const directory of temporaryDirectories) fs.rmSync(directory, { recursive: true, force: true });
});

describe('kill -9 during a stream of webhook runs', () => {
  it('keeps a run for every acknowledged delivery and a step record for every POST that reached the upstream', async () => {
    upstream = await startUpstream();
    const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-crash-'));
    temporaryDirectories.push(dataDirectory);
    let server = await startServe({ dataDirectory });
    running.push(server);
    const runbookId = await createWebhookRunbook(server, upstream.url);

    const cutRunIds: string[] = [];
    for (const round of [1, 2]) {
      const seenBefore = upstream.seen.length;
      const killAfterMs = 700 + Math.floor(Math.random() * 1_800);
      const webhookUrl = await webhookUrlOf(server, runbookId);
      const stream = await streamAndKill(server, webhookUrl, round * 1_000_000, killAfterMs);
      running.splice(running.indexOf(server), 1);
      // Requests the server wrote just before it died may still be read by the upstream.
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Its start-up marks the runs the kill left unfinished.
      server = await startServe({ dataDirectory });
      running.push(server);
      const figures = await checkRound(
        server,
        dataDirectory,
        runbookId,
        stream,
        upstream.seen.slice(seenBefore),
      );
      console.log(describeRound(round, killAfterMs, stream, figures));
      cutRunIds.push(...figures.runsShowingMayHaveBeenSent);

      expect(stream.acknowledged.size).toBeGreaterThan(0);
      expect(figures.postsSeen).toBeGreaterThan(0);
      expect(figures.lostDeliveries, 'acknowledged deliveries without their run').toEqual([]);
      expect(figures.postsWithoutRecord, 'upstream POSTs without a step record').toEqual([]);
      expect(figures.runsLeftUnfinished, 'runs left queued or running').toBe(0);
    }

    // A run the kill cut mid-request is not repeated without the user's word.
    const cutRunId = cutRunIds[0];
    expect(cutRunId, 'a run cut while its POST was out').toBeDefined();
    const rerun = await fetch(`${server.origin}/api/runs.rerun`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: cutRunId }),
    });
    expect(rerun.status).toBe(409);
    expect(await rerun.json()).toMatchObject({ error: { code: 'conflict', field: 'confirmRepeat' } });
  }, 110_000);
});
