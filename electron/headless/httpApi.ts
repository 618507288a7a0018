/**
 * The headless transport: POST /api/<call> through the shared dispatcher, GET /api describing
 * every call as JSON Schema, GET /api/events as server-sent events.
 */
import { isUtf8 } from 'node:buffer';
import type http from 'node:http';
import { z } from 'zod';
import { AppError, httpStatusOf, type ErrorBody } from '../../shared/api/appError';
import { apiCalls, apiEvents, callNames } from '../../shared/api/contract';
import { findTooBroad, tooBroadMessage } from '../../shared/domain/jsonBreadth';
import { maxRunbookFileBytes } from '../../shared/io/exchangeDocument';
import { firstInvalidUtf8Byte } from '../../shared/io/exchangeText';
import { toErrorBody } from '../services/api/dispatcher';
import type { Backend } from '../services/backend';

/**
 * The largest body a call is read with: an exchanged file at its limit, written into the call's
 * JSON as a string, where each quote, backslash and line break of the file takes two bytes (an
 * exported file is full of them), with room for the rest of the call. Below that, a file the
 * window and the import accept was refused on its way to them.
 */
export const maxBodyBytes = 2 * maxRunbookFileBytes + 64 * 1024;

/**
 * The most keys and array items a call's body may hold. The largest calls a window makes (a
 * draft of a thousand steps, a pin of an API's answer) hold tens of thousands; a body at this
 * bound is parsed in a fraction of a second, where 700,000 keys in one object (8 MB) held the
 * server 4 s and every window and webhook with it.
 */
export const maxBodyValues = 200_000;

export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  sendJsonText(response, status, JSON.stringify(body));
}

export function sendJsonText(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

export function sendError(response: http.ServerResponse, error: ErrorBody): void {
  sendJson(response, httpStatusOf[error.code], { error });
}

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** The self-description served at GET /api. */
let apiDescription: string | undefined;

/** `GET /api`'s answer, as JSON text: built once (the contract does not change while the server runs). */
export function describedApiText(): string {
  apiDescription ??= JSON.stringify(describeApi());
  return apiDescription;
}

export function describeApi(): unknown {
  return {
    calls: callNames.map((name) => ({
      name,
      description: apiCalls[name].description,
      method: 'POST',
      path: `/api/${name}`,
      input: toJsonSchema(apiCalls[name].input, 'input'),
      output: toJsonSchema(apiCalls[name].output, 'output'),
    })),
    events: {
      path: '/api/events',
      items: Object.entries(apiEvents).map(([name, schema]) => ({
        name,
        payload: toJsonSchema(schema, 'output'),
      })),
    },
  };
}

export async function handleCall(
  backend: Backend,
  name: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  log: (line: string) => void,
): Promise<void> {
  try {
    if (request.method !== 'POST') {
      throw new AppError('method_not_allowed', `Use POST /api/${name} with a JSON body.`);
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      throw new AppError('unsupported_media_type', 'Send the body as application/json.');
    }
    const body = await readJsonBody(request);
    sendJson(response, 200, await backend.dispatch(name, body));
  } catch (error) {
    // A body over the limit is left unread: the connection closes once answered, or Node would
    // read and drop all it announced (26 GB in the minute a fast sender was given).
    if (error instanceof AppError && error.code === 'payload_too_large')
      response.setHeader('connection', 'close');
    sendError(response, toErrorBody(error, log));
  }
}

async function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  const tooLarge = () =>
    new AppError(
      'payload_too_large',
      `The body may be at most ${String(Math.floor(maxBodyBytes / 1024 / 1024))} MB.`,
    );
  if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  // toString('utf8') would turn bytes that are not UTF-8 into U+FFFD, and store them so.
  if (!isUtf8(bytes)) {
    const invalidAt = firstInvalidUtf8Byte(bytes) ?? 0;
    throw new AppError(
      'invalid_input',
      `The body is not UTF-8 text (byte ${String(invalidAt)} is not valid UTF-8).`,
    );
  }
  // TextDecoder drops a leading byte order mark (Windows tools write one), which JSON.parse
  // refuses: the webhook listener reads its bodies so too.
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return {};
  const fault = findTooBroad(text, maxBodyValues);
  if (fault !== undefined)
    throw new AppError('payload_too_large', tooBroadMessage('The body', fault, maxBodyValues));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_input', 'The body is not valid JSON.');
  }
}

/** Streams every backend event until the client goes away; a comment line keeps proxies awake. */
/**
 * How far a stream's reader may fall behind (a stalled or suspended client) before its stream is
 * closed: the window's stream reconnects and reads what changed afresh; the server's memory is
 * not the stalled reader's buffer.
 */
export const maxUnsentEventBytes = 8 * 1024 * 1024;

/** Each event's frame, written once whatever the number of streams. */
const frames = new WeakMap<object, string>();
const frameOf = (message: object) => {
  let frame = frames.get(message);
  if (frame === undefined) {
    frame = `data: ${JSON.stringify(message)}\n\n`;
    frames.set(message, frame);
  }
  return frame;
};

/** How long a browser waits before reconnecting a dropped event stream. */
const reconnectAfterMs = 1_000;

export function streamEvents(
  backend: Backend,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  log: (line: string) => void,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  // The browser reconnects a dropped stream by itself after `retry` ms (3 s unless told): a
  // window catches up within a second of its server coming back.
  response.write(`retry: ${String(reconnectAfterMs)}\n: connected\n\n`);
  const subscription = backend.events.onDidEmit((message) => {
    if (response.writableLength > maxUnsentEventBytes) {
      log(
        `closed an event stream whose reader fell ${String(Math.round(response.writableLength / 1024 / 1024))} MB behind; it may connect again`,
      );
      close();
      response.destroy();
      return;
    }
    response.write(frameOf(message));
  });
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 25_000);
  const close = () => {
    clearInterval(heartbeat);
    subscription.dispose();
  };
  request.on('close', close);
}
