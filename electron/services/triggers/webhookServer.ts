/**
 * The webhook listener: `POST /webhooks/<runbook id>` on the address from Settings (127.0.0.1 by
 * default). Reads at most `maxBodyBytes` of the body, lets `judgeWebhook` decide, starts the run
 * and answers 202 with its id; every refusal is a JSON error body with a clear status, logged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { judgeWebhook, type WebhookRules } from './webhookRequest';
import { storageError, storageFaultOf } from '../db/storageFault';

export const defaultMaxWebhookBodyBytes = 1024 * 1024;

/**
 * What a runbook's address does: check deliveries by its rules and start the run they allow, or
 * refuse every delivery (e.g. 409 while nothing is published).
 */
export type WebhookTarget =
  | {
      rules: WebhookRules;
      /**
       * Starts the run; returns its id. Throws with a message the sender may read when it cannot.
       * maskedValues: the delivery's credentials, which the run's records show as ••••.
       */
      start(inputs: Record<string, unknown>, payload: unknown, maskedValues: readonly string[]): string;
    }
  | { refusal: { status: number; code: string; message: string } };

export interface WebhookOutcome {
  runbookId: string;
  outcome: 'started' | 'refused';
  status: number;
  message: string;
  runId: string | null;
}

export interface WebhookServerDependencies {
  /** The runbook's webhook, or undefined when there is no such runbook or its webhook is off. */
  target(runbookId: string): WebhookTarget | undefined;
  /** Every delivery that names a runbook, accepted or refused. */
  record(outcome: WebhookOutcome): void;
  log(line: string): void;
  maxBodyBytes?: number;
  /** How long the headers, and the whole request, may take; shortened in tests. */
  timeouts?: { headersMs: number; requestMs: number };
}

export interface WebhookServer {
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  address(): { host: string; port: number } | null;
  close(): Promise<void>;
}

const pathPattern = /^\/webhooks\/([A-Za-z0-9-]{1,64})\/?$/;

/** Node's answers to requests it refuses itself, as our status and code. */
const clientErrors: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    message: 'The request took too long to arrive.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: 'The request headers are too large.',
  },
};
const badRequest = { status: 400, code: 'bad_request', message: 'The request is not valid HTTP.' };

export function createWebhookServer(deps: WebhookServerDependencies): WebhookServer {
  const maxBodyBytes = deps.maxBodyBytes ?? defaultMaxWebhookBodyBytes;
  const timeouts = deps.timeouts ?? { headersMs: 10_000, requestMs: 30_000 };
  let server: http.Server | null = null;

  const reply = (
    response: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (response.headersSent) return;
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    response.end(text);
  };

  const refuse = (
    request: http.IncomingMessage,
    response: http.ServerResponse,
    runbookId: string | null,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) => {
    deps.log(
      `webhook ${request.method ?? '?'} ${request.url ?? ''} refused ${String(status)} ${code}: ${message}`,
    );
    if (runbookId !== null) deps.record({ runbookId, outcome: 'refused', status, message, runId: null });
    reply(response, status, { error: { code, message } }, headers);
  };

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://webhook.invalid');
    const runbookId = pathPattern.exec(url.pathname)?.[1];
    if (runbookId === undefined) {
      refuse(
        request,
        response,
        null,
        404,
        'not_found',
        'Webhook addresses look like /webhooks/<runbook id>.',
      );
      request.resume();
      return;
    }
    const target = deps.target(runbookId);
    if (target === undefined) {
      refuse(
        request,
        response,
        null,
        404,
        'not_found',
        'No runbook with an active webhook has this address.',
      );
      request.resume();
      return;
    }
    if ('refusal' in target) {
      const { status, code, message } = target.refusal;
      refuse(request, response, runbookId, status, code, message);
      request.resume();
      return;
    }
    if (request.headers.origin !== undefined) {
      // Webhook senders are servers; a browser page must not be able to start runs.
      refuse(request, response, runbookId, 403, 'browser_refused', 'Requests from web pages are refused.');
      request.resume();
      return;
    }
    if (request.method !== 'POST') {
      refuse(
        request,
        response,
        runbookId,
        405,
        'method_not_allowed',
        `Webhooks accept POST only, not ${request.method ?? '?'}.`,
        { allow: 'POST' },
      );
      request.resume();
      return;
    }
    const tooLarge = () =>
      refuse(
        request,
        response,
        runbookId,
        413,
        'payload_too_large',
        `The body is larger than ${String(maxBodyBytes)} bytes.`,
        { connection: 'close' },
      );
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > maxBodyBytes) {
      tooLarge();
      response.on('finish', () => request.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let isRefused = false;
    request.on('data', (chunk: Buffer) => {
      if (isRefused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        isRefused = true;
        tooLarge();
        response.on('finish', () => request.destroy());
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', () => undefined);
    request.on('end', () => {
      if (isRefused) return;
      const verdict = judgeWebhook(
        { method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks) },
        target.rules,
      );
      if (!verdict.ok) {
        refuse(request, response, runbookId, verdict.status, verdict.code, verdict.message, verdict.headers);
        return;
      }
      let runId: string;
      try {
        runId = target.start(verdict.inputs, verdict.payload, verdict.maskedValues);
      } catch (error) {
        // A full disk or a locked database is not the sender's fault: 503, try again later.
        const fault = storageFaultOf(error);
        if (fault !== undefined) {
          const { code, message } = storageError(fault, 'The run').toBody();
          refuse(request, response, runbookId, 503, code, message, { 'retry-after': '30' });
          return;
        }
        refuse(request, response, runbookId, 422, 'cannot_run', (error as Error).message);
        return;
      }
      deps.log(`webhook started run ${runId} of runbook ${runbookId}`);
      deps.record({ runbookId, outcome: 'started', status: 202, message: 'Run started.', runId });
      reply(response, 202, { runId, status: 'queued' });
    });
  };

  return {
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        // Node checks the timeouts every 30 s by default, letting a slow sender hold a
        // connection up to twice as long; check every second.
        const next = http.createServer(
          {
            headersTimeout: timeouts.headersMs,
            requestTimeout: timeouts.requestMs,
            connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
          },
          handle,
        );
        // Requests Node refuses itself (malformed, too slow) would otherwise get a bare status
        // line and no log line.
        next.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
          if (error.code === 'ECONNRESET' || !socket.writable) {
            socket.destroy();
            return;
          }
          const { status, code, message } = clientErrors[error.code ?? ''] ?? badRequest;
          deps.log(`webhook request refused ${String(status)} ${code}: ${message}`);
          const inFlight = (socket as Duplex & { _httpMessage?: http.ServerResponse | null })._httpMessage;
          if (inFlight?.headersSent === true) {
            socket.destroy();
            return;
          }
          const text = JSON.stringify({ error: { code, message } });
          socket.end(
            `HTTP/1.1 ${String(status)} ${http.STATUS_CODES[status] ?? ''}\r\n` +
              'content-type: application/json; charset=utf-8\r\n' +
              `content-length: ${String(Buffer.byteLength(text))}\r\n` +
              'cache-control: no-store\r\nconnection: close\r\n\r\n' +
              text,
          );
        });
        next.once('error', reject);
        next.listen(port, host, () => {
          next.off('error', reject);
          next.on('error', (error) => deps.log(`webhook server: ${error.message}`));
          server = next;
          const address = next.address() as AddressInfo;
          resolve({ host, port: address.port });
        });
      }),
    address: () => {
      const address = server?.address();
      return address === undefined || address === null || typeof address === 'string'
        ? null
        : { host: address.address, port: address.port };
    },
    close: () =>
      new Promise((resolve) => {
        const closing = server;
        server = null;
        if (closing === null) {
          resolve();
          return;
        }
        closing.close(() => resolve());
        closing.closeAllConnections();
      }),
  };
}
