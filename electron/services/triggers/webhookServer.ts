/**
 * The webhook listener: `POST /webhooks/<runbook id>` on the address from Settings (127.0.0.1 by
 * default), with the timeouts that keep a slow sender from holding a connection, and JSON answers
 * to the requests Node refuses itself. Each delivery is handled by `handleDelivery`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerRefusedByNode, capConnections, type OverCapRefusal } from './refusedByNode';
import { handleDelivery, type DeliveryDependencies } from './webhookDelivery';
import { handleApprovalLink } from '../approvals/approvalLinkPage';
import type { ApprovalService } from '../approvals/approvalService';

export const defaultMaxWebhookBodyBytes = 1024 * 1024;
/** Senders deliver in milliseconds and let a kept-alive connection go after 5 s: far below this. */
export const defaultMaxWebhookConnections = 512;

export interface WebhookServerDependencies extends DeliveryDependencies {
  maxBodyBytes?: number;
  /** How long the headers, and the whole request, may take; shortened in tests. */
  timeouts?: { headersMs: number; requestMs: number };
  /** How many connections may be open at once; lowered in tests. */
  maxConnections?: number;
  /** Serves the approval links (/approvals/<token>); without it, those paths are webhooks' 404s. */
  approvalLinks?: ApprovalService;
}

export interface WebhookServer {
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  address(): { host: string; port: number } | null;
  close(): Promise<void>;
}

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
        let refusedOverCap: OverCapRefusal = () => false;
        // Node checks the timeouts every 30 s by default, letting a slow sender hold a
        // connection up to twice as long; check every second.
        const next = http.createServer(
          {
            headersTimeout: timeouts.headersMs,
            requestTimeout: timeouts.requestMs,
            connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
          },
          (request, response) => {
            if (!refusedOverCap(request, response)) handle(request, response);
          },
        );
        // Requests Node refuses itself (malformed, too slow) would otherwise get a bare status
        // line and no log line.
        next.on('clientError', answerRefusedByNode('webhook request', deps.log));
        refusedOverCap = capConnections(
          next,
          deps.maxConnections ?? defaultMaxWebhookConnections,
          'webhook listener',
          deps.log,
        );
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
