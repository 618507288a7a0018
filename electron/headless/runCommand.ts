/**
 * `runbook-designer run <file>`: runs an exported runbook on a machine without a display, with
 * the same engine as the app. The file is imported into the data directory (or the runbook of
 * that name is reused, its draft brought up to date from the file), then run with the inputs
 * given; each step is printed to stderr as it completes, then the run's result message (its End
 * step's) when it has one, and the result to stdout as JSON.
 * Exit codes: 0 the run succeeded, 1 it failed (or was cancelled), 2 bad usage or a file that
 * cannot be used.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Backend } from '../services/backend';
import type { CallOutput } from '../../shared/api/contract';
import { assertUtf8File } from '../../shared/io/exchangeText';
import { readRunbookFile } from '../../shared/io/readRunbookFile';

export interface RunCommandOptions {
  file: string;
  /** `--input name=value`, repeatable. */
  inputs: string[];
  inputsFile?: string | undefined;
  /** Use this configuration (by name) wherever a step would use its integration's primary one. */
  config?: string | undefined;
  client?: string | undefined;
}

export interface RunCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export class UsageError extends Error {}

type Run = CallOutput<'runs.get'>;

function parseInputs(options: RunCommandOptions): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  if (options.inputsFile !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(options.inputsFile, 'utf8')) as unknown;
    } catch (error) {
      throw new UsageError(
        `--inputs-file ${options.inputsFile} is not a readable JSON file: ${(error as Error).message}`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(
        `--inputs-file ${options.inputsFile} must hold a JSON object of input names and values.`,
      );
    }
    Object.assign(inputs, parsed);
  }
  for (const pair of options.inputs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--input takes name=value, not "${pair}".`);
    inputs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return inputs;
}

export async function runCommand(
  backend: Backend,
  options: RunCommandOptions,
  io: RunCommandIo,
): Promise<number> {
  let content: string;
  let inputs: Record<string, unknown>;
  try {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(options.file);
    } catch (error) {
      throw new UsageError(
        `Cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    // Read as 'utf8', bytes that are not UTF-8 would become U+FFFD and be imported so.
    assertUtf8File(bytes);
    content = bytes.toString('utf8');
    inputs = parseInputs(options);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }

  let runbookId: string;
  try {
    const file = readRunbookFile(content);
    const existing = (
      (await backend.dispatch('runbooks.list', { search: file.runbook.name })) as CallOutput<'runbooks.list'>
    ).items.find((item) => item.name.trim().toLowerCase() === file.runbook.name.trim().toLowerCase());
    if (existing === undefined) {
      runbookId = (
        (await backend.dispatch('runbooks.import', { content, mode: 'copy' })) as { runbookId: string }
      ).runbookId;
      io.err(`imported "${file.runbook.name}"\n`);
    } else {
      const current = (await backend.dispatch('runbooks.export', { id: existing.id })) as { content: string };
      if (current.content !== content) {
        await backend.dispatch('runbooks.import', { content, mode: 'replaceDraft' });
        io.err(`updated the draft of "${file.runbook.name}" from the file\n`);
      }
      runbookId = existing.id;
    }
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }

  const names = new Map(
    (
      (await backend.dispatch('runbooks.get', { id: runbookId })) as CallOutput<'runbooks.get'>
    ).draft.steps.map((step) => [step.id, step.name]),
  );
  // Chosen here, so the run's events are heard from its first one on.
  const runId = crypto.randomUUID();
  let subscription: { dispose(): void } | undefined;
  const finished = new Promise<string>((resolve) => {
    subscription = backend.events.onDidEmit((message) => {
      if (message.name === 'runs.stepChanged' && message.payload.runId === runId) {
        const { stepId, status } = message.payload.step;
        if (status !== 'running')
          io.err(
            `${status === 'succeeded' ? '✓' : status === 'skipped' ? '·' : '✗'} ${names.get(stepId) ?? stepId} ${status}\n`,
          );
      }
      if (message.name !== 'runs.changed' || message.payload.run.id !== runId) return;
      const { status } = message.payload.run;
      if (status === 'succeeded' || status === 'failed' || status === 'cancelled') resolve(status);
    });
  });
  let status: string;
  try {
    await backend.dispatch('runs.start', {
      runId,
      runbookId,
      inputs,
      client: options.client ?? '',
      ...(options.config === undefined ? {} : { configuration: options.config }),
    });
    status = await finished;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  } finally {
    subscription?.dispose();
  }
  const run = (await backend.dispatch('runs.get', { id: runId })) as Run;
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const step of run.steps) if (Object.keys(step.outputs).length > 0) outputs[step.stepId] = step.outputs;
  if (run.message !== null) io.err(`${status}: ${run.message}\n`);
  const result = { runId, status, error: run.error, message: run.message, inputs: run.inputs, outputs };
  io.out(`${JSON.stringify(result, null, 2)}\n`);
  return status === 'succeeded' ? 0 : 1;
}
