/**
 * The webhook listener's life: bound at start-up on the address from Settings (a failure kept for
 * the status, so the app still opens), moved when Settings change, closed at stop. Binds and
 * closes run one at a time, so two moves (or a move and a stop) cannot each bind and leave a
 * listener nobody closes. What a delivery does is the server's business (webhookServer.ts).
 */
import os from 'node:os';
import { AppError } from '../../../shared/api/appError';
import type { WebhookServer } from './webhookServer';

/** The listener of one trigger service. */
export interface WebhookListener {
  /** Binds at start-up; a failure is kept for `error()` and logged, not thrown. */
  start(host: string, port: number): Promise<void>;
  /** Moves to a new address; throws an AppError at the field when it cannot bind. */
  move(host: string, port: number): Promise<{ port: number }>;
  /** The address a runbook's webhook is reached at, or null while nothing listens. */
  urlOf(runbookId: string): string | null;
  /** The listener's own address (http://host:port), or null while nothing listens. */
  baseUrl(): string | null;
  /** Why the listener is not bound, or null. */
  error(): string | null;
  boundPort(): number | null;
  stop(): Promise<void>;
}

/** The address to show: a wildcard bind is reached through the machine's name. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return os.hostname();
  return host.includes(':') ? `[${host}]` : host;
}

/** The refusal of a bind, said at the Settings field that can fix it. */
function bindRefusal(error: unknown, host: string, port: number): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  const isHost = code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND';
  const message =
    code === 'EADDRINUSE'
      ? `Port ${String(port)} on ${host} is already in use; choose another port.`
      : isHost
        ? `${host} is not an address of this machine.`
        : code === 'EACCES'
          ? `Port ${String(port)} needs administrator rights; choose one above 1024.`
          : `The webhook listener could not start on ${host}:${String(port)}: ${(error as Error).message}`;
  return new AppError('invalid_input', message, isHost ? 'webhookHost' : 'webhookPort');
}

/** A listener that makes a fresh server with `newServer` for every bind. */
export function createWebhookListener(
  newServer: () => WebhookServer,
  log: (line: string) => void,
): WebhookListener {
  let server: WebhookServer | null = null;
  let bound: { host: string; port: number } | null = null;
  let bindError: string | null = null;
  let isStopped = false;
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  const bind = async (host: string, port: number) => {
    const next = newServer();
    try {
      return { next, address: await next.listen(host, port) };
    } catch (error) {
      throw bindRefusal(error, host, port);
    }
  };

  /** Binds elsewhere; the same port on another host (127.0.0.1 → 0.0.0.0) may clash with this
   * very listener: then frees the port and tries again, putting the old listener back on failure. */
  const bindForMove = async (host: string, port: number) => {
    try {
      return await bind(host, port);
    } catch (error) {
      if (bound === null || bound.port !== port || server === null) throw error;
      const previous = bound;
      await server.close();
      server = null;
      bound = null;
      try {
        return await bind(host, port);
      } catch (retryError) {
        const restored = await bind(previous.host, previous.port);
        server = restored.next;
        bound = restored.address;
        throw retryError;
      }
    }
  };

  return {
    start: (host, port) =>
      oneAtATime(async () => {
        if (isStopped) return;
        try {
          const { next, address } = await bind(host, port);
          server = next;
          bound = address;
          bindError = null;
          log(
            `webhooks listening on http://${displayHost(address.host)}:${String(address.port)}/webhooks/<runbook id>`,
          );
        } catch (error) {
          bindError = (error as Error).message;
          log(`webhooks are off: ${bindError}`);
        }
      }),
    move: (host, port) =>
      oneAtATime(async () => {
        if (isStopped) throw new AppError('invalid_input', 'The webhook listener has stopped.');
        if (bound !== null && bound.host === host && (bound.port === port || port === 0))
          return { port: bound.port };
        const { next, address } = await bindForMove(host, port);
        await server?.close();
        server = next;
        bound = address;
        bindError = null;
        log(`webhooks moved to http://${displayHost(address.host)}:${String(address.port)}`);
        return { port: address.port };
      }),
    urlOf: (runbookId) =>
      bound === null ? null : `http://${displayHost(bound.host)}:${String(bound.port)}/webhooks/${runbookId}`,
    baseUrl: () => (bound === null ? null : `http://${displayHost(bound.host)}:${String(bound.port)}`),
    error: () => bindError,
    boundPort: () => bound?.port ?? null,
    stop: async () => {
      isStopped = true;
      await oneAtATime(async () => {
        await server?.close();
        server = null;
        bound = null;
      });
    },
  };
}
