/**
 * `run <file> --client all` (or `--client a,b`): the runbook runs once per client as one run
 * group, `--concurrency` at a time. Each client's result is printed to stderr as it finishes —
 * `✗ Initech failed (84 ms): Initech is down` — and, once all have, one JSON object per client
 * per line to stdout (what the single run prints as one object: status, error, message, inputs,
 * outputs, plus the client and its duration). Exit code 0 when every client succeeded, else 1;
 * 130 (143) when Ctrl+C (SIGTERM) cancelled the group.
 */
import type { Backend } from '../services/backend';
import type { TypedCall } from '../services/api/typedCall';
import type { GroupClients, RunGroupMember } from '../../shared/domain/runGroup';
import { defaultGroupConcurrency, isMemberGoing } from '../../shared/domain/runGroup';
import { cancelOnSignal } from './cancelOnSignal';
import { UsageError } from './usageError';

/** Whether `--client` names several clients (a comma-separated list, or `all`) rather than one. */
export function isAcrossClients(client: string | undefined): boolean {
  return client !== undefined && (client.trim().toLowerCase() === 'all' || client.includes(','));
}

/** `all`, or the names of the comma-separated list. */
export function groupClientsOf(client: string): GroupClients {
  if (client.trim().toLowerCase() === 'all') return 'all';
  const names = client
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0)
    throw new UsageError('--client takes all, a client name, or names separated by commas.');
  return names;
}

/** `--concurrency <n>`: how many clients' runs go at once. */
export function concurrencyOf(text: string | undefined): number {
  if (text === undefined) return defaultGroupConcurrency;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 32)
    throw new UsageError('--concurrency must be a whole number from 1 to 32.');
  return value;
}

/** `✓ Acme succeeded (120 ms): Acme is healthy` */
export function clientLine(member: RunGroupMember): string {
  const mark = member.status === 'succeeded' ? '✓' : '✗';
  const took = member.durationMs === null ? '' : ` (${String(member.durationMs)} ms)`;
  const why = member.message ?? member.error;
  return `${mark} ${member.client} ${member.status}${took}${why === null ? '' : `: ${why}`}\n`;
}

export interface GroupRunRequest {
  runbookId: string;
  clients: GroupClients;
  concurrency: number;
  inputs: Record<string, unknown>;
  configuration?: string | undefined;
  isDryRun: boolean;
}

/**
 * Ctrl+C (SIGINT) or SIGTERM while the group goes: the group is cancelled (its runs going end
 * cancelled, its clients waiting do not start) as soon as it has started (cancelOnSignal.ts).
 */
function cancelGroupOnSignal(call: TypedCall, io: { err: (text: string) => void }) {
  let groupId: string | undefined;
  const cancel = () => {
    if (groupId === undefined) return;
    call('runGroups.cancel', { id: groupId }).catch((error: unknown) =>
      io.err(`${(error as Error).message}\n`),
    );
  };
  const signals = cancelOnSignal((signal) => {
    io.err(`${signal}: cancelling the run of every client\n`);
    cancel();
  });
  return {
    ...signals,
    /** The group once started: cancelled at once if a signal came while it was starting. */
    started(id: string) {
      groupId = id;
      if (signals.exitCode() !== undefined) cancel();
    },
  };
}

/** Runs the group to its end, printing as above; answers the exit code. */
export async function runAcrossClients(
  backend: Backend,
  call: TypedCall,
  request: GroupRunRequest,
  io: { out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  const printed = new Set<string>();
  const printFinished = (members: readonly RunGroupMember[]) => {
    for (const member of members) {
      const key = `${member.client}\n${String(member.attempt)}`;
      if (printed.has(key) || isMemberGoing(member.status)) continue;
      printed.add(key);
      io.err(clientLine(member));
    }
  };
  let groupId = '';
  const subscription = backend.events.onDidEmit((message) => {
    if (message.name === 'runGroups.changed' && message.payload.group.id === groupId)
      printFinished(message.payload.group.members);
  });
  const signals = cancelGroupOnSignal(call, io);
  try {
    const started = await call('runGroups.start', {
      runbookId: request.runbookId,
      clients: request.clients,
      concurrency: request.concurrency,
      inputs: request.inputs,
      ...(request.configuration === undefined ? {} : { configuration: request.configuration }),
      mode: request.isDryRun ? 'dryRun' : 'live',
    });
    groupId = started.id;
    signals.started(groupId);
    printFinished(started.members);
    const group = await backend.runGroups.settled(groupId);
    printFinished(group.members);
    for (const member of group.members) io.out(`${JSON.stringify(await resultOf(call, member))}\n`);
    io.err(
      `${String(group.counts.total)} clients of "${group.runbookName}": ${String(group.counts.succeeded)} succeeded, ` +
        `${String(group.counts.failed)} failed\n`,
    );
    return signals.exitCode() ?? (group.status === 'succeeded' ? 0 : 1);
  } finally {
    signals.dispose();
    subscription.dispose();
  }
}

/** One client's result object, as the single run's JSON with the client and its duration. */
async function resultOf(call: TypedCall, member: RunGroupMember): Promise<Record<string, unknown>> {
  const base = {
    client: member.client,
    runId: member.runId,
    status: member.status,
    durationMs: member.durationMs,
  };
  if (member.runId === null) return { ...base, error: member.error, message: null };
  const run = await call('runs.get', { id: member.runId });
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const step of run.steps) if (Object.keys(step.outputs).length > 0) outputs[step.stepId] = step.outputs;
  return { ...base, error: run.error, message: run.message, inputs: run.inputs, outputs };
}
