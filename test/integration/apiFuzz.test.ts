/**
 * The API under hostile input: reads GET /api and sends every call at least 30 hostile bodies
 * (support/hostileInputs.ts), over the real headless server on 127.0.0.1 and a real backend in
 * a temp folder. Every answer must be a 2xx or a 4xx `{"error":{code,message,field?}}` with the
 * code's own status — never a 5xx, a hang or a crash; a body that is not UTF-8 is refused; the
 * server answers afterwards and Object.prototype is untouched (the server runs in this process).
 *
 * Each call is a test of its own, bounded in count (the body-level inputs and at most
 * `maxFieldInputs` others), so no single time budget has to cover the whole barrage of some 8,000
 * requests, which a machine busy with other work took more than three minutes to send.
 *
 * The inputs are seeded: FUZZ_SEED=<n> gives another sample; a failure prints the seed, the call
 * and what was sent, which bring back the same body.
 *
 * Side effects stay on this machine: every URL in the inputs and in the integration under test
 * points at `upstream`, a server of this test on 127.0.0.1; no hostile string is an address, and
 * a host name field is given only text refused before a DNS lookup (see hostileInputs.ts).
 */
import { isUtf8 } from 'node:buffer';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch, type RequestInit, type Response } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, httpStatusOf, type ErrorCode } from '../../shared/api/appError';
import { callNames } from '../../shared/api/contract';
import { hostileInputsFor, type HostileInput } from './support/hostileInputs';
import type { JsonSchema, SkeletonContext } from './support/schemaSkeleton';
import { bearer, startTestServer, type TestServer } from './support/headlessHarness';

const seed = Number(process.env.FUZZ_SEED ?? 20_251_011);
const minimumPerCall = 30;
/** Bounds the test's time on a small shared machine: the largest calls get a sample. */
const maxFieldInputs = 200;
const requestTimeoutMs = 10_000;
/** One call's barrage: up to ~230 requests, which took 13 s at most on a machine at load 15. */
const perCallTimeoutMs = 120_000;

interface Outcome {
  call: string;
  input: HostileInput;
  status: number;
  body: string;
  /** Why the answer breaks the rules, or undefined when it keeps them. */
  problem: string | undefined;
}

interface ApiDescription {
  calls: { name: string; input: JsonSchema }[];
}

let server: TestServer;
let upstream: http.Server;
let upstreamUrl: string;
let upstreamRequests = 0;
/** Each call's input schema, as GET /api describes it. */
let described: ApiDescription['calls'];
let recordSets = 0;
/**
 * The connections a call's requests take: a call's own, closed after it. Its inputs are made
 * in this process between two calls (seconds, for the largest), and a connection kept alive
 * from the call before could meet the server's idle timeout just as the next request went out.
 */
let connections = new Agent();

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    upstreamRequests += 1;
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}/`;
  server = await startTestServer({ isForFile: true });
  described = ((await (await fetchApi('/api')).json()) as ApiDescription).calls;
});

afterAll(async () => {
  // Destroyed, not closed: close() waits for every response body to be read, and a refusal's
  // body a check did not read kept afterAll waiting past its limit.
  await connections.destroy();
  server.dispose();
  upstream.close();
});

/** Sends one call its hostile inputs, over connections of its own, on records of its own. */
async function barrage(call: string): Promise<Outcome[]> {
  const input = described.find(({ name }) => name === call)?.input;
  if (input === undefined) throw new Error(`GET /api does not describe ${call}`);
  // Records of its own for each call: what one call's barrage changes or deletes leaves the next alone.
  const context = await createRecords();
  const callContext = { ...context, ids: { ...context.ids, id: idOfKind(call, context.ids) } };
  const inputs = hostileInputsFor(input, callContext, { seed: seed ^ hashOf(call), maxFieldInputs });
  await connections.destroy();
  connections = new Agent();
  const outcomes: Outcome[] = [];
  for (const hostile of inputs) outcomes.push(await send(call, hostile));
  return outcomes;
}

function fetchApi(pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.origin}${pathname}`, {
    ...init,
    dispatcher: connections,
    headers: { ...bearer, ...(init.headers as Record<string, string> | undefined) },
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
}

async function dispatch<T>(name: string, input: unknown): Promise<T> {
  return (await server.backend.dispatch(name, input)) as T;
}

/** One record of each kind, for ids that exist; the integration sends only to `upstream`. */
async function createRecords(): Promise<SkeletonContext> {
  const integration = await dispatch<{ id: string }>('integrations.create', {
    details: { name: `Fuzz target ${String(++recordSets)}`, category: 'Fuzz' },
  });
  await dispatch('integrations.updateDefinition', {
    id: integration.id,
    definition: { baseUrl: upstreamUrl },
  });
  const configuration = await dispatch<{ id: string }>('configurations.create', {
    integrationId: integration.id,
    name: 'Fuzz configuration',
  });
  const method = await dispatch<{ id: string }>('methods.create', {
    integrationId: integration.id,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/ping' },
  });
  const runbook = await dispatch<{ id: string }>('runbooks.create', {
    details: { name: `Fuzz runbook ${String(recordSets)}` },
  });
  await dispatch('runbooks.update', {
    id: runbook.id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  const version = await dispatch<{ id: string }>('runbooks.publish', { id: runbook.id, note: 'First' });
  const run = await dispatch<{ runId: string }>('runs.start', { runbookId: runbook.id });
  return {
    safeUrl: upstreamUrl,
    ids: {
      integrationId: integration.id,
      configurationId: configuration.id,
      methodId: method.id,
      runbookId: runbook.id,
      versionId: version.id,
      runId: run.runId,
      stepId: 'start',
    },
  };
}

/** URLs in the call logs whose host is not 127.0.0.1 (text that is no URL was never sent). */
async function foreignUrlsInCallLog(): Promise<string[]> {
  const { items } = await dispatch<{ items: { id: string }[] }>('integrations.list', {});
  const foreign: string[] = [];
  for (const { id } of items) {
    const log = await dispatch<{ calls: { url: string }[] }>('integrations.callLog', { id, limit: 500 });
    for (const { url } of log.calls)
      if (URL.canParse(url) && new URL(url).hostname !== '127.0.0.1') foreign.push(url);
  }
  return foreign;
}

/** The record a call's own `id` names: runbooks.get → a runbook, runs.get → a run, … */
function idOfKind(call: string, ids: Readonly<Record<string, string>>): string {
  const kind = call.split('.')[0] ?? '';
  const field = {
    integrations: 'integrationId',
    configurations: 'configurationId',
    methods: 'methodId',
    runbooks: 'runbookId',
    runs: 'runId',
  }[kind];
  return (field === undefined ? undefined : ids[field]) ?? 'fuzz';
}

function hashOf(text: string): number {
  let hash = 2_166_136_261;
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16_777_619);
  return hash >>> 0;
}

async function send(call: string, input: HostileInput): Promise<Outcome> {
  const method = input.method ?? 'POST';
  const contentType = input.contentType ?? 'application/json';
  try {
    const response = await fetchApi(`/api/${call}`, {
      method,
      headers: contentType === '' ? {} : { 'content-type': contentType },
      ...(method === 'GET' ? {} : { body: input.body }),
    });
    const body = await response.text();
    return { call, input, status: response.status, body, problem: problemOf(input, response.status, body) };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer in ${String(requestTimeoutMs)} ms`
        : String(error);
    return { call, input, status: 0, body: '', problem: reason };
  }
}

/** The rules every answer keeps: no 5xx; an error is exactly {error:{code,message,field?}} with the code's status. */
function problemOf(input: HostileInput, status: number, text: string): string | undefined {
  if (status >= 500) return `status ${String(status)}`;
  // Bytes that are not UTF-8 would be stored changed (U+FFFD in their place): they are refused.
  if (!isUtf8(input.body) && status < 400) return `status ${String(status)} for a body that is not UTF-8`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the answer is not JSON';
  }
  if (status < 400) return status >= 200 ? undefined : `status ${String(status)}`;
  const error = (body as { error?: unknown }).error as Record<string, unknown> | undefined;
  if (typeof error !== 'object' || error === null || Object.keys(body as object).length !== 1)
    return 'the error is not {"error":{…}}';
  const keys = Object.keys(error).filter((key) => !['code', 'message', 'field'].includes(key));
  if (keys.length > 0) return `the error has other keys: ${keys.join(', ')}`;
  if (!(errorCodes as readonly string[]).includes(String(error.code)))
    return `unknown code ${String(error.code)}`;
  if (typeof error.message !== 'string' || error.message === '') return 'the error has no message';
  if (error.field !== undefined && typeof error.field !== 'string') return 'the error field is not text';
  if (httpStatusOf[error.code as ErrorCode] !== status)
    return `status ${String(status)} for code ${String(error.code)}, expected ${String(httpStatusOf[error.code as ErrorCode])}`;
  if (/\n\s+at /.test(error.message)) return 'the message holds a stack trace';
  return undefined;
}

function report(broken: Outcome[]): string {
  return broken
    .slice(0, 40)
    .map(
      (outcome) =>
        `${outcome.call} with ${outcome.input.label}: ${outcome.problem ?? ''}\n` +
        `  sent (${String(outcome.input.body.length)} bytes): ${outcome.input.body.subarray(0, 160).toString('utf8')}\n` +
        `  answer: ${outcome.body.slice(0, 300)}`,
    )
    .join('\n');
}

describe(`the API under hostile input (FUZZ_SEED=${String(seed)})`, () => {
  it('is given every call of the contract by GET /api', () => {
    expect(callNames.length).toBeGreaterThan(40);
    expect(described.map(({ name }) => name)).toEqual(callNames);
  });

  it.each(callNames)(
    `%s: at least ${String(minimumPerCall)} hostile inputs, each answered with a 2xx or a 4xx error naming a known code and its field — no 5xx, no hang`,
    async (call) => {
      const outcomes = await barrage(call);
      expect(outcomes.length).toBeGreaterThanOrEqual(minimumPerCall);
      const broken = outcomes.filter((outcome) => outcome.problem !== undefined);
      expect(broken.length, `seed ${String(seed)}\n${report(broken)}`).toBe(0);
    },
    perCallTimeoutMs,
  );

  it('still answers afterwards: app.info, GET /api and calls that read the database', async () => {
    const empty = { label: 'afterwards', body: Buffer.from('{}') };
    for (const call of ['app.info', 'integrations.list', 'runs.list']) {
      const answer = await send(call, empty);
      expect(answer.status, `${answer.call}: ${answer.body}`).toBe(200);
    }
    expect((await fetchApi('/api')).status).toBe(200);
  });

  it('leaves Object.prototype as it was (the server runs in this process)', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('sent requests only to 127.0.0.1: the call log of every integration names no other host', async () => {
    expect(upstreamRequests).toBeGreaterThan(0);
    expect(await foreignUrlsInCallLog()).toEqual([]);
  });
});
