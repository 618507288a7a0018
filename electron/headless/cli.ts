/**
 * The headless shell's command line. `serve` wires the shared backend to the HTTP transport and
 * prints its address as the first line on stdout, so scripts can read it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/api/appError';
import { createBackend } from '../services/backend';
import { defaultDataDirectory } from '../services/dataDirectory';
import { createMasterKeyProvider } from '../services/secrets/masterKeyProvider';
import { createSessionToken, startHeadlessServer } from './headlessServer';

declare const __APP_VERSION__: string | undefined;
const version = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

const usage = `Usage: runbook-designer serve [--port <n>] [--data-dir <dir>] [--host 127.0.0.1]

  --port       port to listen on (0 picks a free one; default 0)
  --data-dir   data directory (default: $RUNBOOK_DESIGNER_DATA_DIR or the desktop app's folder)
  --host       address to bind (default 127.0.0.1; the server is meant for this machine only)

Secrets are protected by $RUNBOOK_DESIGNER_KEY or, without it, a key file in the data directory.`;

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return 2;
  }
  const [command = 'serve'] = parsed.positionals;
  if (parsed.values.help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`Unknown command "${command}".\n\n${usage}\n`);
    return 2;
  }
  const port = Number(parsed.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535.\n`);
    return 2;
  }
  const dataDirectory =
    parsed.values['data-dir'] === undefined
      ? defaultDataDirectory()
      : path.resolve(parsed.values['data-dir']);
  return serve({ port, host: parsed.values.host, dataDirectory });
}

async function serve(options: { port: number; host: string; dataDirectory: string }): Promise<number> {
  let backend;
  try {
    backend = createBackend({
      dataDirectory: options.dataDirectory,
      shell: 'headless',
      version,
      keyProvider: (dataDirectory) =>
        createMasterKeyProvider({ environmentKey: process.env.RUNBOOK_DESIGNER_KEY, dataDirectory }),
      log,
    });
  } catch (error) {
    process.stderr.write(`${error instanceof AppError ? error.message : String(error)}\n`);
    return 1;
  }
  const server = await startHeadlessServer({
    backend,
    host: options.host,
    port: options.port,
    token: createSessionToken(),
    staticDirectory: path.join(__dirname, '..', 'renderer'),
    log,
  });
  process.stdout.write(`Runbook Designer serving ${server.url}\n`);
  log(`data directory ${options.dataDirectory}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.dispose();
      backend.dispose();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
