/**
 * Run across clients (PRODUCT.md §9): a run group is one runbook run once per chosen client, a
 * few at a time. Each client's run is a normal run that names its group; "Re-run failed" adds
 * the next attempt of the clients whose latest run failed, in the same group.
 */
import { z } from 'zod';
import { runStatuses } from './runStatus';
import { triggerKinds } from './triggerKind';

/** How many of a group's runs may go at once, unless the caller says otherwise. */
export const defaultGroupConcurrency = 4;
export const maxGroupConcurrency = 32;
/** At most this many clients in one group. */
export const maxGroupClients = 500;

export const clientNameSchema = z.string().trim().min(1, { message: 'Name a client' }).max(100);

/** Which clients a group runs for: every client of the runbook's integrations, or these. */
export const groupClientsSchema = z.union([
  z.literal('all'),
  z.array(clientNameSchema).min(1, { message: 'Choose at least one client' }).max(maxGroupClients),
]);
export type GroupClients = z.infer<typeof groupClientsSchema>;

export const groupConcurrencySchema = z.number().int().min(1).max(maxGroupConcurrency);

/**
 * A client's place in a group: `pending` while it waits for a free place, then its run's status
 * (`waiting` among them: the run waits for an approval); `notStarted` when its run could not be
 * started (the app stopped first, or starting it was refused).
 */
export const groupMemberStatuses = ['pending', ...runStatuses, 'notStarted'] as const;
export const groupMemberStatusSchema = z.enum(groupMemberStatuses);
export type GroupMemberStatus = z.infer<typeof groupMemberStatusSchema>;

/** One client's latest attempt in a group. */
export const runGroupMemberSchema = z.object({
  client: z.string(),
  /** 1 for the group's first run of this client, 2 after one "Re-run failed", … */
  attempt: z.number().int().min(1),
  status: groupMemberStatusSchema,
  runId: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** The run's result: the message of the End step it ended at. */
  message: z.string().nullable(),
  /** Why the run failed, or why it did not start. */
  error: z.string().nullable(),
});
export type RunGroupMember = z.infer<typeof runGroupMemberSchema>;

/** `running` while a client waits or runs; then `failed` if any latest attempt did not succeed. */
export const runGroupStatusSchema = z.enum(['running', 'succeeded', 'failed']);
export type RunGroupStatus = z.infer<typeof runGroupStatusSchema>;

export const runGroupCountsSchema = z.object({
  total: z.number().int(),
  /** Clients still waiting for a free place. */
  pending: z.number().int(),
  /** Runs waiting for an approval. */
  waiting: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
});

export const runGroupSummarySchema = z.object({
  id: z.string(),
  runbookId: z.string(),
  runbookName: z.string(),
  /** How its runs were started: manual (the window), cli or schedule. */
  trigger: z.enum(triggerKinds),
  concurrency: z.number().int(),
  createdAt: z.string(),
  /** The highest attempt of any client (1 until "Re-run failed"). */
  attempts: z.number().int(),
  status: runGroupStatusSchema,
  counts: runGroupCountsSchema,
});
export type RunGroupSummary = z.infer<typeof runGroupSummarySchema>;

export const runGroupSchema = runGroupSummarySchema.extend({
  /** Each client's latest attempt, by client name. */
  members: z.array(runGroupMemberSchema),
});
export type RunGroup = z.infer<typeof runGroupSchema>;

/** Whether a member has finished without succeeding (what "Re-run failed" runs again). */
export function hasMemberFailed(status: GroupMemberStatus): boolean {
  return status === 'failed' || status === 'cancelled' || status === 'notStarted';
}

/** Whether a member is still to finish. */
export function isMemberGoing(status: GroupMemberStatus): boolean {
  return status === 'pending' || status === 'waiting' || status === 'queued' || status === 'running';
}

/** A group's counts, and its status, as the list and the group's page show them. */
export interface GroupCountsAndStatus {
  counts: z.infer<typeof runGroupCountsSchema>;
  status: RunGroupStatus;
}

/** The counts and status of a group from its members' latest attempts. */
export function summarizeMembers(members: readonly Pick<RunGroupMember, 'status'>[]): GroupCountsAndStatus {
  return summarizeStatusCounts(members.map(({ status }) => [status, 1]));
}

/**
 * The counts and status of a group from how many of its members' latest attempts are in each
 * status (a status may come more than once): what the list counts in the database, the group's
 * page from its members, by this one rule.
 */
export function summarizeStatusCounts(
  statusCounts: Iterable<readonly [GroupMemberStatus, number]>,
): GroupCountsAndStatus {
  const counts = { total: 0, pending: 0, waiting: 0, running: 0, succeeded: 0, failed: 0 };
  for (const [status, count] of statusCounts) {
    counts.total += count;
    if (status === 'pending') counts.pending += count;
    else if (status === 'waiting') counts.waiting += count;
    else if (isMemberGoing(status)) counts.running += count;
    else if (status === 'succeeded') counts.succeeded += count;
    else counts.failed += count;
  }
  const isGoing = counts.pending + counts.waiting + counts.running > 0;
  const status = isGoing ? 'running' : counts.failed > 0 ? 'failed' : 'succeeded';
  return { counts, status };
}
