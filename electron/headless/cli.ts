/**
 * The headless shell's command line. `serve` wires the shared backend to the HTTP transport and
 * prints its address as the first line on stdout, so scripts can read it (serveCommand.ts); `run`
 * runs an exported runbook once (runCommand.ts) with the credentials given to it
 * (runCredentials.ts). Each opens the backend through headlessBackend.ts. There is no default
 * command: without one, the usage and exit code 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../shared/api/appError';
import { defaultDataDirectory } from '../services/dataDirectory';
import { keepGoingPastClosedPipes } from './closedPipe';
import { openHeadlessBackend } from './headlessBackend';
import { workerCommand } from './queueCommands';
import { runCommand, type RunCommandOptions } from './runCommand';
import {
  readRunCredentials,
  secretVariableOf,
  secretVariablePrefix,
  type RunCredentials,
} from './runCredentials';
import { serveCommand } from './serveCommand';
import { testCommand } from './testCommand';

const usage = `Usage: runbook-designer serve [--port <n>] [--data-dir <dir>] [--host 127.0.0.1] [--queue redis://host:port]
       runbook-designer worker --queue redis://host:port [--concurrency <n>] [--data-dir <dir>]
       runbook-designer run <file.runbook.json> [--input name=value]… [--inputs-file inputs.json]
                            [--config <name>] [--client <name>|all|<a,b>] [--concurrency <n>]
                            [--secrets-file secrets.json] [--dry-run] [--data-dir <dir>]
       runbook-designer test <file.runbook.json> [--junit report.xml] [--data-dir <dir>]

serve          the app for a browser, plus the webhook and schedule triggers of every runbook
  --port       port to listen on (0 picks a free one; default 0)
  --host       address to bind (default 127.0.0.1; the server is meant for this machine only)
  --queue      queue mode: put runs on this Redis for workers instead of running them here
               (needs $RUNBOOK_DESIGNER_KEY, the same on the server and every worker)
worker         takes runs from the queue and runs them; SIGTERM finishes those in hand first
  --concurrency  runs at once (default 4)
run            imports the exported runbook (or reuses it) and runs it; steps are printed to
               stderr as they complete (a failed one with its reason), the result to stdout as
               JSON. Exit code 0: succeeded, 1: failed, 2: bad usage or a file that cannot be used,
               130: Ctrl+C (143: SIGTERM) cancelled the run.
  --input      an input as name=value (repeatable); --inputs-file: a JSON object of inputs
  --config     use the configuration of this name where a step uses the primary one
  --client     run for this client (client configuration mode); all, or names separated by
               commas, runs once per client and prints one result per client
  --concurrency  how many clients' runs go at once (default 4)
  --dry-run    send only requests that change nothing (GET, HEAD, OPTIONS, methods marked safe);
               print the others as the request each would have sent and go on with its method's
               example response
  --secrets-file  credentials for this run only (never stored, never printed), a JSON object
               {"<integration name>": {"<field>": "<value>", "baseUrl": "<url>"}}, or from the
               environment (wins over the file): ${secretVariablePrefix}<INTEGRATION>_<FIELD>,
               the names in capitals, other characters as _ (${secretVariableOf('Ticket API', 'apiKey')})
test           replays every test case the exported runbook carries, offline: nothing is sent,
               each request is matched to its recording by step (one that differs in method,
               URL or body fails its case with a diff). One line per case to stdout. Exit code
               0: every case passed, 1: one failed, 2: bad usage or a file without test cases.
  --junit      also write the results as JUnit XML to this file
               (test uses a fresh temporary data directory unless --data-dir is given)
--data-dir     data directory (default: $RUNBOOK_DESIGNER_DATA_DIR or the desktop app's folder)

Secrets are protected by $RUNBOOK_DESIGNER_KEY or, without it, a key file in the data directory.`;

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

const options = {
  port: { type: 'string', default: '0' },
  'data-dir': { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  help: { type: 'boolean', short: 'h' },
  input: { type: 'string', multiple: true, default: [] as string[] },
  'inputs-file': { type: 'string' },
  config: { type: 'string' },
  client: { type: 'string' },
  concurrency: { type: 'string' },
  'secrets-file': { type: 'string' },
  'dry-run': { type: 'boolean' },
  junit: { type: 'string' },
  queue: { type: 'string' },
} satisfies ParseArgsConfig['options'];

const parseCommandLine = (argv: string[]) => parseArgs({ args: argv, allowPositionals: true, options });
type CommandLine = ReturnType<typeof parseCommandLine>;

/** Runs the command line; answers the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: CommandLine;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help === true) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  // No default command: a bare invocation (`npm run cli`) would otherwise serve the default data folder.
  if (command === undefined) {
    process.stderr.write(`Name a command: serve, run, test or worker.\n\n${usage}\n`);
    return 2;
  }
  if (command === 'test') return testFromCommandLine(parsed);
  if (command === 'worker') {
    const { queue, concurrency } = parsed.values;
    return workerCommand({ queue, concurrency, dataDirectory: parsed.values['data-dir'], log });
  }
  const dataDirectory =
    parsed.values['data-dir'] === undefined
      ? defaultDataDirectory()
      : path.resolve(parsed.values['data-dir']);
  if (command === 'run') return runFromCommandLine(parsed, dataDirectory);
  if (command !== 'serve') {
    process.stderr.write(`Unknown command "${command}".\n\n${usage}\n`);
    return 2;
  }
  const port = Number(parsed.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535.\n`);
    return 2;
  }
  return serveCommand({ port, host: parsed.values.host, dataDirectory, queue: parsed.values.queue, log });
}

/** `run <file> …`: the credentials of the environment and the secrets file, then the run. */
function runFromCommandLine({ positionals, values }: CommandLine, dataDirectory: string): Promise<number> {
  const file = positionals[1];
  if (file === undefined || positionals.length > 2) {
    process.stderr.write(`run takes one file: the exported runbook.\n\n${usage}\n`);
    return Promise.resolve(2);
  }
  let credentials: RunCredentials;
  try {
    credentials = readRunCredentials(process.env, values['secrets-file']);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return Promise.resolve(2);
  }
  return runFile(dataDirectory, {
    file,
    inputs: values.input,
    inputsFile: values['inputs-file'],
    config: values.config,
    client: values.client,
    concurrency: values.concurrency,
    credentials,
    isDryRun: values['dry-run'],
  });
}

/**
 * `test <file>`: in a fresh temporary data directory (removed afterwards) unless one is given, so
 * a CI job's replay depends on nothing stored.
 */
async function testFromCommandLine({ positionals, values }: CommandLine): Promise<number> {
  const file = positionals[1];
  if (file === undefined || positionals.length > 2) {
    process.stderr.write(`test takes one file: the exported runbook.\n\n${usage}\n`);
    return 2;
  }
  const given = values['data-dir'];
  const dataDirectory =
    given === undefined
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-designer-test-'))
      : path.resolve(given);
  let backend;
  try {
    backend = openHeadlessBackend(dataDirectory, { isOneOff: true, log });
  } catch (error) {
    process.stderr.write(`${error instanceof AppError ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    return await testCommand(
      backend,
      { file, junit: values.junit },
      { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
    );
  } finally {
    backend.dispose();
    if (given === undefined) fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
}

async function runFile(
  dataDirectory: string,
  options: RunCommandOptions & { credentials: RunCredentials },
): Promise<number> {
  let backend;
  try {
    backend = openHeadlessBackend(dataDirectory, { credentials: options.credentials, log });
  } catch (error) {
    process.stderr.write(`${error instanceof AppError ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    return await runCommand(backend, options, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  } finally {
    backend.dispose();
  }
}

keepGoingPastClosedPipes([process.stdout, process.stderr]);
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
