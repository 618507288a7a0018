/**
 * The webhook listener: `POST /webhooks/<runbook id>` on the address from Settings (127.0.0.1 by
 * default), with the timeouts that keep a slow sender from holding a connection, and JSON answers
 * to the requests Node refuses itself. Each delivery is handled by `handleDelivery`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { handleDelivery, type DeliveryDependencies } from './webhookDelivery';
import { handleApprovalLink } from '../approvals/approvalLinkPage';
import type { ApprovalService } from '../approvals/approvalService';

export const defaultMaxWebhookBodyBytes = 1024 * 1024;

export interface WebhookServerDependencies extends DeliveryDependencies {
  maxBodyBytes?: number;
  /** How long the headers, and the whole request, may take; shortened in tests. */
  timeouts?: { headersMs: number; requestMs: number };
  /** Serves the approval links (/approvals/<token>); without it, those paths are webhooks' 404s. */
  approvalLinks?: ApprovalService;
}

export interface WebhookServer {
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  address(): { host: string; port: number } | null;
  close(): Promise<void>;
}

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

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (
      deps.approvalLinks !== undefined &&
      handleApprovalLink(deps.approvalLinks, request, response, deps.log)
    )
      return;
    handleDelivery(deps, maxBodyBytes, request, response);
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
          // Not the sender's HTTP at fault: it hung up mid-request (its own timeout, a crash).
          if (error.code === 'HPE_INVALID_EOF_STATE') {
            deps.log('webhook request cut short: the sender closed the connection before its request ended');
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
