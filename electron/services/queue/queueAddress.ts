/**
 * The address given to `--queue`: `redis://[user:password@]host[:port][/db]` (or `rediss://` for
 * TLS), turned into the connection options BullMQ and ioredis take. Anything else is refused
 * with the form expected, before anything starts.
 */
import type { Redis } from 'ioredis';
import { AppError } from '../../../shared/api/appError';

/** What BullMQ and ioredis connect with (a subset both take). */
export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
  maxRetriesPerRequest: null;
}

/** Connection options for a `--queue` address; throws an AppError saying what is wrong. */
export function queueConnectionOf(address: string): QueueConnection {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw refusal(address, 'it is not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw refusal(address, `it starts with ${url.protocol.replace(/:$/, '')}://`);
  if (url.hostname === '') throw refusal(address, 'it names no host');
  const port = url.port === '' ? 6379 : Number(url.port);
  const db = url.pathname === '' || url.pathname === '/' ? 0 : Number(url.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0) throw refusal(address, 'its database number is not a whole number');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis; they must wait for it rather than fail a command.
    maxRetriesPerRequest: null,
  };
}

/**
 * Logs a connection's outage once, and its return, instead of ioredis' "Unhandled error event"
 * on every reconnection attempt (several a second while Redis is down). The connection keeps
 * reconnecting by itself; what waits on it says so where it matters (a refused request, a job).
 */
export function watchConnection(connection: Redis, name: string, log: (line: string) => void): Redis {
  let isDown = false;
  let hasConnected = false;
  connection.on('error', (error: Error) => {
    if (isDown) return;
    isDown = true;
    log(
      hasConnected
        ? `queue: ${name} lost Redis (${error.message}); reconnecting`
        : `queue: ${name} cannot reach Redis (${error.message}); trying again until it can`,
    );
  });
  connection.on('ready', () => {
    const wasDown = isDown;
    isDown = false;
    if (wasDown) log(`queue: ${name} ${hasConnected ? 'reconnected to' : 'reached'} Redis`);
    hasConnected = true;
  });
  return connection;
}

/**
 * A listener for the errors of a BullMQ queue or listener, which repeat at every reconnection
 * attempt while Redis is away: each different error is logged, a repeat at most once a minute.
 */
export function errorLogger(name: string, log: (line: string) => void): (error: Error) => void {
  let last = '';
  let loggedAt = 0;
  return (error) => {
    if (error.message === last && Date.now() - loggedAt < 60_000) return;
    last = error.message;
    loggedAt = Date.now();
    log(`queue: ${name}: ${error.message}`);
  };
}

/**
 * Waits for `work` to settle, at most `waitMs`: what waits on Redis while it is away (commands
 * queue until it is back) must not hold a closing process forever. Never rejects.
 */
export async function settledWithin(work: Promise<unknown>, waitMs: number): Promise<void> {
  let waited: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    new Promise((resolve) => (waited = setTimeout(resolve, waitMs))),
  ]);
  clearTimeout(waited);
}

/**
 * Closes a connection: QUIT (so Redis frees it at once) when connected, for at most `waitMs`;
 * then the socket and any reconnection timer go.
 */
export async function closeConnection(connection: Redis, waitMs = 1_000): Promise<void> {
  if (connection.status === 'ready') await settledWithin(connection.quit(), waitMs);
  connection.disconnect();
}

/** The address with its password hidden, for logs and status screens. */
export function shownQueueAddress(address: string): string {
  try {
    const url = new URL(address);
    if (url.password !== '') url.password = '••••';
    return url.toString();
  } catch {
    return 'redis://?';
  }
}

function refusal(address: string, why: string): AppError {
  return new AppError(
    'invalid_input',
    `--queue ${shownQueueAddress(address)} cannot be used: ${why}. Give redis://host:port (for example redis://127.0.0.1:6379).`,
  );
}
