/**
 * One webhook delivery, from its request line to its answer: find the runbook's target, read the
 * body within its limit, let `judgeWebhook` decide, start the run. Whatever throws on the way (a
 * storage fault, a webhook secret that no longer decrypts, a bug) is answered and logged here:
 * one unauthenticated request must never end the process.
 */
import type http from 'node:http';
import { AppError, describeError, httpStatusOf, readableText } from '../../../shared/api/appError';
import { storageError, storageFaultOf } from '../db/storageFault';
import { recordMaskFor } from '../engine/recordMask';
import { judgeWebhook, type WebhookRules } from './webhookRequest';

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

type RunnableTarget = Extract<WebhookTarget, { rules: unknown }>;

export interface WebhookOutcome {
  runbookId: string;
  outcome: 'started' | 'refused';
  status: number;
  message: string;
  runId: string | null;
}

export interface DeliveryDependencies {
  /**
   * The runbook's webhook, or undefined when there is no such runbook or its webhook is off.
   * May throw (a database read, a secret to decrypt): the delivery is then refused.
   */
  target(runbookId: string): WebhookTarget | undefined;
  /** Every delivery that names a runbook, accepted or refused. */
  record(outcome: WebhookOutcome): void;
  log(line: string): void;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string> | undefined;
}

const pathPattern = /^\/webhooks\/([A-Za-z0-9-]{1,64})\/?$/;

/**
 * The answer to a delivery whose handling threw: a storage fault is the machine's state (503,
 * try again), an AppError says what to do (e.g. set the webhook's secret again), anything else
 * is a bug the sender cannot fix (500; the details go to the log only).
 */
function refusalOf(error: unknown): Refusal {
  const fault = storageFaultOf(error);
  if (fault !== undefined) {
    const { code, message } = storageError(fault, 'The delivery').toBody();
    return { status: 503, code, message, headers: { 'retry-after': '30' } };
  }
  if (error instanceof AppError) {
    return { status: httpStatusOf[error.code], code: error.code, message: error.message };
  }
  return {
    status: 500,
    code: 'internal',
    message: 'The webhook could not take this delivery; the app log says why.',
  };
}

function reply(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
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
}

export function handleDelivery(
  deps: DeliveryDependencies,
  maxBodyBytes: number,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): void {
  let runbookId: string | null = null;
  // Hides the delivery's credentials in every message once judgeWebhook has named them.
  let mask: (text: string) => string = (text) => text;

  /** Records a delivery; a database that cannot take the record costs the record, not the answer. */
  const record = (outcome: WebhookOutcome) => {
    try {
      deps.record(outcome);
    } catch (error) {
      deps.log(`webhook delivery to runbook ${outcome.runbookId} not recorded: ${describeError(error)}`);
    }
  };

  let isBodyRead = false;
  const refuse = ({ status, code, message: raw, headers }: Refusal) => {
    // A message may quote what the sender sent: masked, then one readable, bounded line.
    const message = readableText(mask(raw));
    const url = readableText(request.url ?? '', 200);
    deps.log(`webhook ${request.method ?? '?'} ${url} refused ${String(status)} ${code}: ${message}`);
    if (runbookId !== null) record({ runbookId, outcome: 'refused', status, message, runId: null });
    // Refused before its body was read: the connection closes once answered, or Node would read
    // and drop the rest of the body (3.4 GB in the 30 s a fast sender was given).
    const closing: Record<string, string> = isBodyRead ? {} : { connection: 'close' };
    reply(response, status, { error: { code, message } }, { ...closing, ...headers });
  };

  const fail = (error: unknown) => {
    deps.log(`webhook ${readableText(request.url ?? '', 200)} failed: ${mask(describeError(error))}`);
    refuse(refusalOf(error));
  };

  /** The runbook's target when the delivery may go on to its body; else refused here. */
  const accept = (): { id: string; target: RunnableTarget } | undefined => {
    const path = new URL(request.url ?? '/', 'http://webhook.invalid').pathname;
    const id = pathPattern.exec(path)?.[1];
    if (id === undefined) {
      refuse({
        status: 404,
        code: 'not_found',
        message: 'Webhook addresses look like /webhooks/<runbook id>.',
      });
      return undefined;
    }
    // Named before the lookup, so a lookup that throws (a secret that no longer decrypts) shows
    // in the runbook's trigger log too.
    runbookId = id;
    const target = deps.target(id);
    if (target === undefined) {
      runbookId = null;
      refuse({
        status: 404,
        code: 'not_found',
        message: 'No runbook with an active webhook has this address.',
      });
      return undefined;
    }
    if ('refusal' in target) refuse(target.refusal);
    // Webhook senders are servers; a browser page must not be able to start runs.
    else if (request.headers.origin !== undefined)
      refuse({ status: 403, code: 'browser_refused', message: 'Requests from web pages are refused.' });
    else if (request.method !== 'POST') {
      const message = `Webhooks accept POST only, not ${request.method ?? '?'}.`;
      refuse({ status: 405, code: 'method_not_allowed', message, headers: { allow: 'POST' } });
    } else return { id, target };
    return undefined;
  };

  const start = (id: string, target: RunnableTarget, body: Buffer) => {
    const verdict = judgeWebhook(
      { method: request.method ?? '', headers: request.headers, body },
      target.rules,
    );
    if (!verdict.ok) {
      refuse(verdict);
      return;
    }
    const masker = recordMaskFor(verdict.maskedValues);
    mask = (text) => masker(text);
    let runId: string;
    try {
      runId = target.start(verdict.inputs, verdict.payload, verdict.maskedValues);
    } catch (error) {
      // A full disk or a locked database is not the sender's fault (503, try again later).
      if (storageFaultOf(error) !== undefined || !(error instanceof Error)) fail(error);
      else refuse({ status: 422, code: 'cannot_run', message: error.message });
      return;
    }
    deps.log(`webhook started run ${runId} of runbook ${id}`);
    record({ runbookId: id, outcome: 'started', status: 202, message: 'Run started.', runId });
    reply(response, 202, { runId, status: 'queued' });
  };

  let accepted: { id: string; target: RunnableTarget } | undefined;
  try {
    accepted = accept();
  } catch (error) {
    fail(error);
  }
  if (accepted === undefined) {
    request.resume();
    return;
  }
  const { id, target } = accepted;
  const tooLarge = `The body is larger than ${String(maxBodyBytes)} bytes.`;
  readBody(request, response, maxBodyBytes, {
    tooLarge: () =>
      refuse({ status: 413, code: 'payload_too_large', message: tooLarge, headers: { connection: 'close' } }),
    read: (body) => {
      isBodyRead = true;
      try {
        start(id, target, body);
      } catch (error) {
        fail(error);
      }
    },
  });
}

/**
 * Reads the body up to `maxBodyBytes` and hands it to `read`; a larger one (announced or
 * streamed) goes to `tooLarge`, and the connection closes once that answer is out.
 */
function readBody(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  maxBodyBytes: number,
  on: { tooLarge: () => void; read: (body: Buffer) => void },
): void {
  const refuse = () => {
    on.tooLarge();
    response.on('finish', () => request.destroy());
  };
  if (Number(request.headers['content-length'] ?? '0') > maxBodyBytes) {
    refuse();
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
      refuse();
      return;
    }
    chunks.push(chunk);
  });
  request.on('error', () => undefined);
  request.on('end', () => {
    if (!isRefused) on.read(Buffer.concat(chunks));
  });
}
