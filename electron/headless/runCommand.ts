/**
 * `runbook-designer run <file>`: runs an exported runbook on a machine without a display, with
 * the same engine as the app. The file is imported into the data directory (or the runbook of
 * that name is reused, its draft brought up to date from the file), then run with the inputs
 * given and the credentials given to this run (runCredentials.ts); each step is printed to stderr
 * as it completes — a failed one with its reason — then the run's result message (its End step's)
 * when it has one, and the result to stdout as JSON, every given secret masked. With `--dry-run`
 * only requests that change nothing are sent; each other one is printed as the request it would
 * have sent and listed in the JSON's `wouldHaveSent`. Exit codes: 0 the
 * run succeeded, 1 it failed (or was cancelled), 2 bad usage or a file that cannot be used, 130
 * (143) Ctrl+C (SIGTERM) cancelled it (cancelOnSignal.ts).
 */
import fs from 'node:fs';
import type { Backend } from '../services/backend';
import { typedCallOf, type TypedCall } from '../services/api/typedCall';
import { createSecretMasker } from '../services/http/secretMasking';
import type { EventPayload } from '../../shared/api/contract';
import { assertUtf8File } from '../../shared/io/exchangeText';
import { readRunbookFile } from '../../shared/io/readRunbookFile';
import { rehearsalOf } from '../../shared/rehearsal/rehearsal';
import type { RunCredentials } from './runCredentials';
import { UsageError } from './usageError';
import { givenInputsProblem, parseInputs } from './givenInputs';
import { cancelOnSignal } from './cancelOnSignal';
import { concurrencyOf, groupClientsOf, isAcrossClients, runAcrossClients } from './runAcrossClients';
import { newRunId } from '../../shared/domain/runId';

export interface RunCommandOptions {
  file: string;
  /** `--input name=value`, repeatable. */
  inputs: string[];
  inputsFile?: string | undefined;
  /** Use this configuration (by name) wherever a step would use its integration's primary one. */
  config?: string | undefined;
  /** One client, or several (`all`, or names separated by commas: run across clients). */
  client?: string | undefined;
  /** `--concurrency`: how many clients' runs go at once when running across clients. */
  concurrency?: string | undefined;
  /** Credentials given to this run; checked against the data folder once the file is imported. */
  credentials?: RunCredentials | undefined;
  /** `--dry-run`: only requests that change nothing are sent; the others are printed as would-be. */
  isDryRun?: boolean | undefined;
}

export interface RunCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The runbook file as text; a file that cannot be read or is not UTF-8 is a usage error. */
export function readFileText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new UsageError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // Read as 'utf8', bytes that are not UTF-8 would become U+FFFD and be imported so.
  assertUtf8File(bytes);
  return bytes.toString('utf8');
}

/** Imports the file, or reuses the runbook of its name with its draft brought up to date. */
export async function importOrReuse(call: TypedCall, content: string, io: RunCommandIo): Promise<string> {
  const file = readRunbookFile(content);
  const key = file.runbook.name.trim().toLowerCase();
  const { items } = await call('runbooks.list', { search: file.runbook.name });
  const existing = items.find((item) => item.name.trim().toLowerCase() === key);
  if (existing === undefined) {
    const { runbookId } = await call('runbooks.import', { content, mode: 'copy' });
    io.err(`imported "${file.runbook.name}"\n`);
    return runbookId;
  }
  const current = await call('runbooks.export', { id: existing.id });
  if (current.content !== content) {
    await call('runbooks.import', { content, mode: 'replaceDraft' });
    io.err(`updated the draft of "${file.runbook.name}" from the file\n`);
  }
  return existing.id;
}

/**
 * Checks the credentials given against the data folder's integrations: warnings are printed,
 * mistakes too, and then the answer is undefined (exit 2). Else the values to mask in the output.
 */
async function checkCredentials(
  call: TypedCall,
  credentials: RunCredentials | undefined,
  io: RunCommandIo,
): Promise<string[] | undefined> {
  if (credentials === undefined) return [];
  const { items } = await call('integrations.list', {});
  const integrations = await Promise.all(
    items.map(async (item) => ({
      name: item.name,
      definition: await call('integrations.definition', { id: item.id }),
    })),
  );
  const check = credentials.check(integrations);
  for (const warning of check.warnings) io.err(`note: ${warning}\n`);
  for (const error of check.errors) io.err(`${error}\n`);
  return check.errors.length > 0 ? undefined : check.secretValues;
}

type StepSummary = EventPayload<'runs.stepChanged'>['step'];

/** `✗ Check bearer failed: The API answered 401.` — a failed step says why (HTTP status included). */
export function stepLine(name: string, step: StepSummary): string {
  const mark = step.status === 'succeeded' ? '✓' : step.status === 'skipped' ? '·' : '✗';
  const line = `${mark} ${name} ${step.status}`;
  if (step.status !== 'failed') return `${line}\n`;
  const error = step.error ?? '';
  const status = step.outputs.status;
  const http = typeof status === 'number' && !error.includes(String(status)) ? `HTTP ${String(status)}` : '';
  const reason = [error, http].filter((part) => part !== '').join(' — ');
  return reason === '' ? `${line}\n` : `${line}: ${reason}\n`;
}

/** Starts the run, prints each step as it completes, and answers its final status. */
async function runToTheEnd(
  backend: Backend,
  call: TypedCall,
  start: { runbookId: string; inputs: Record<string, unknown>; options: RunCommandOptions },
  io: RunCommandIo,
): Promise<{ runId: string; status: string; exitCode: number | undefined }> {
  const runbook = await call('runbooks.get', { id: start.runbookId });
  const names = new Map(runbook.draft.steps.map((step) => [step.id, step.name]));
  // Chosen here, so the run's events are heard from its first one on.
  const runId = newRunId();
  let subscription: { dispose(): void } | undefined;
  const finished = new Promise<string>((resolve) => {
    subscription = backend.events.onDidEmit((message) => {
      if (message.name === 'runs.stepChanged' && message.payload.runId === runId) {
        const { step } = message.payload;
        if (step.status !== 'running') io.err(stepLine(names.get(step.stepId) ?? step.stepId, step));
      }
      if (message.name !== 'runs.changed' || message.payload.run.id !== runId) return;
      const { status } = message.payload.run;
      // A Wait for approval step: said once, so whoever runs the command knows why it pauses.
      if (status === 'waiting')
        io.err(
          '… waiting for approval: decide it in the app or `runbook-designer serve` on this data folder (or it times out)\n',
        );
      if (status === 'succeeded' || status === 'failed' || status === 'cancelled') resolve(status);
    });
  });
  const signals = cancelOnSignal((signal) => {
    io.err(`${signal}: cancelling the run\n`);
    call('runs.cancel', { id: runId }).catch((error: unknown) => io.err(`${(error as Error).message}\n`));
  });
  try {
    await call('runs.start', {
      runId,
      runbookId: start.runbookId,
      inputs: start.inputs,
      client: start.options.client ?? '',
      ...(start.options.config === undefined ? {} : { configuration: start.options.config }),
      mode: start.options.isDryRun === true ? 'dryRun' : 'live',
    });
    const status = await finished;
    return { runId, status, exitCode: signals.exitCode() };
  } finally {
    signals.dispose();
    subscription?.dispose();
  }
}

/** `--client all` or `--client a,b`: a run group, one result per client (runAcrossClients.ts). */
async function acrossClients(
  backend: Backend,
  start: { runbookId: string; inputs: Record<string, unknown>; options: RunCommandOptions },
  io: RunCommandIo,
): Promise<number> {
  try {
    const request = {
      runbookId: start.runbookId,
      clients: groupClientsOf(start.options.client ?? ''),
      concurrency: concurrencyOf(start.options.concurrency),
      inputs: start.inputs,
      configuration: start.options.config,
      isDryRun: start.options.isDryRun === true,
    };
    return await runAcrossClients(backend, typedCallOf(backend.dispatch), request, io);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
}

export async function runCommand(
  backend: Backend,
  options: RunCommandOptions,
  io: RunCommandIo,
): Promise<number> {
  let content: string;
  let inputs: Record<string, unknown>;
  try {
    content = readFileText(options.file);
    inputs = parseInputs(options);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  const call = typedCallOf(backend.dispatch);
  let runbookId: string;
  let secretValues: string[] | undefined;
  try {
    runbookId = await importOrReuse(call, content, io);
    secretValues = await checkCredentials(call, options.credentials, io);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  if (secretValues === undefined) return 2;
  // Whatever a step or an API says, a given secret is never printed.
  const mask = createSecretMasker(secretValues);
  const masked: RunCommandIo = {
    out: (text) => io.out(mask.text(text)),
    err: (text) => io.err(mask.text(text)),
  };
  const { draft } = await call('runbooks.get', { id: runbookId });
  const inputsProblem = givenInputsProblem(draft.inputs, inputs, options.inputs);
  if (inputsProblem !== undefined) {
    masked.err(`${inputsProblem}\n`);
    return 2;
  }
  if (isAcrossClients(options.client)) return acrossClients(backend, { runbookId, inputs, options }, masked);
  let finished: { runId: string; status: string; exitCode: number | undefined };
  try {
    finished = await runToTheEnd(backend, call, { runbookId, inputs, options }, masked);
  } catch (error) {
    masked.err(`${(error as Error).message}\n`);
    return 2;
  }
  const { runId, status, exitCode } = finished;
  const run = await call('runs.get', { id: runId });
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const step of run.steps) if (Object.keys(step.outputs).length > 0) outputs[step.stepId] = step.outputs;
  const wouldHaveSent = run.steps.flatMap((step) =>
    rehearsalOf(step.response)?.wouldHaveSent === true
      ? [{ stepId: step.stepId, request: step.request }]
      : [],
  );
  for (const { stepId, request } of wouldHaveSent) {
    const { method, url } = request as { method: string; url: string };
    masked.err(`↷ ${stepId} not sent (dry run): ${method} ${url}\n`);
  }
  if (run.message !== null) masked.err(`${status}: ${run.message}\n`);
  const result = {
    runId,
    status,
    error: run.error,
    message: run.message,
    inputs: run.inputs,
    outputs,
    ...(options.isDryRun === true ? { mode: run.mode, wouldHaveSent } : {}),
  };
  masked.out(`${JSON.stringify(result, null, 2)}\n`);
  return exitCode ?? (status === 'succeeded' ? 0 : 1);
}
