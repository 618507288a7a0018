/**
 * Run across clients: a group runs one runbook once per client, at most `concurrency` runs at a
 * time. Members wait in client order; each run that finishes (heard as its runs.changed event)
 * frees a place for the next. "Re-run failed" adds the next attempt of the failed clients to the
 * same group, each a re-run of that client's latest run. Every change is published as the whole
 * group (runGroups.changed), so a page applies it without asking again.
 *
 * What starts a client's first run is the caller's (the window, the command line, a schedule):
 * it is kept in memory with the group, so members still waiting when the app stops do not start
 * later; the next start, or a process still open on the data folder, marks them "not started"
 * (the group names the process whose memory starts them).
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import {
  hasMemberFailed,
  isMemberGoing,
  summarizeMembers,
  summarizeStatusCounts,
  type GroupMemberStatus,
  type RunGroup,
  type RunGroupMember,
  type RunGroupSummary,
} from '../../../shared/domain/runGroup';
import type { RunStatus } from '../../../shared/domain/runStatus';
import type { TriggerKind } from '../../../shared/domain/triggerKind';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type {
  RunGroupRepository,
  MemberRow,
  RunGroupListing,
  RunGroupRow,
} from '../db/repositories/runGroupRepository';
import type { RunCursor, RunRepository, RunRow } from '../db/repositories/runRepository';
import type { EventBus } from '../events/eventBus';
import { newRunId } from '../../../shared/domain/runId';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';

/**
 * Starts one client's first run of a group with the id given; throws when it cannot start.
 * `attempt` is 1 at the group's start, higher when Re-run failed starts a client that never ran.
 */
export type ClientRunStarter = (
  client: string,
  run: { runId: string; groupId: string; attempt: number; draft?: RunbookGraph | undefined },
) => void;

export interface RunGroupStart {
  runbookId: string;
  clients: readonly string[];
  concurrency: number;
  trigger: TriggerKind;
  startRun: ClientRunStarter;
}

export interface RunGroupService extends Disposable {
  start(request: RunGroupStart): RunGroup;
  get(id: string): RunGroup;
  /** Newest first, a page at a time (see RunGroupListing). */
  list(listing: RunGroupListing): RunGroupSummary[];
  rerunFailed(id: string): RunGroup;
  /**
   * Cancels the group: clients still waiting for a place will not start ("not started", said
   * why), and every run of it still going is cancelled; answers the group as it is then.
   */
  cancel(id: string): RunGroup;
  /** Settles with the group once no client of it waits or runs. */
  settled(id: string): Promise<RunGroup>;
}

export interface RunGroupServiceDependencies {
  groups: RunGroupRepository;
  runs: Pick<RunRepository, 'list' | 'memberCountsOfGroups'>;
  events: EventBus;
  /**
   * Re-runs an earlier run (its inputs, client and version) as the given run of the group; an
   * earlier run of the draft runs `draft`, the draft as it was when its attempt began.
   */
  rerun: (runId: string, groupRun: { runId: string; groupId: string }, draft?: RunbookGraph) => void;
  /** The runbook's draft as saved now, pinned for each Re-run failed attempt. */
  draftOf?: (runbookId: string) => RunbookGraph;
  /** Cancels a run going here or in another process on the data folder; false when it is not going. */
  cancelRun: (runId: string) => boolean;
  now?: () => Date;
}

/** A group whose clients still wait or run: how many may go, which runs go, how to start one. */
interface LiveGroup {
  concurrency: number;
  going: Set<string>;
  startRun: ClientRunStarter | undefined;
  isPumping: boolean;
  settledWaiters: ((group: RunGroup) => void)[];
  /** By attempt: the draft as it was when Re-run failed began it, which all its clients run. */
  drafts: Map<number, RunbookGraph>;
}

const finishedStatuses = new Set(['succeeded', 'failed', 'cancelled']);
/** Why a client of a cancelled group has no run. */
const cancelledBeforeStartNote = 'Cancelled before it started.';
/** The runs read at a time for one group's page (500 clients, several attempts each). */
const maxGroupRuns = 5_000;
/**
 * While a group's runs change, it is read and published at most once per this many ms: each read
 * is the whole group (every attempt and run), so one per event — three per run — grew with the
 * group's runs and held the process for seconds per attempt of a few hundred clients.
 */
const publishEveryMs = 100;
/** Groups whose first-run starters are kept for Re-run failed of clients that never started. */
const maxRememberedStarters = 1_000;

/** A member's status from its row and its run's. */
function statusOf(member: MemberRow, runStatus: RunStatus | undefined): GroupMemberStatus {
  if (member.state === 'waiting') return 'pending';
  if (member.state === 'notStarted') return 'notStarted';
  return runStatus ?? 'queued';
}

/** Each client's member row of its latest attempt (the rows come attempt after attempt). */
function latestOfEachClient(members: readonly MemberRow[]): MemberRow[] {
  const latest = new Map<string, MemberRow>();
  for (const member of members) latest.set(member.client, member);
  return [...latest.values()];
}

/** Each client's latest attempt, as the group's grid shows it. */
function latestMembers(members: readonly MemberRow[], runs: ReadonlyMap<string, RunRow>): RunGroupMember[] {
  return latestOfEachClient(members).map((member) => {
    const run = member.runId === null ? undefined : runs.get(member.runId);
    const startedAt = run?.startedAt ?? null;
    const finishedAt = run?.finishedAt ?? null;
    return {
      client: member.client,
      attempt: member.attempt,
      status: statusOf(member, run?.status),
      runId: member.runId,
      startedAt,
      finishedAt,
      durationMs:
        startedAt === null || finishedAt === null ? null : Date.parse(finishedAt) - Date.parse(startedAt),
      message: run?.message ?? null,
      error: member.note ?? run?.error ?? null,
    };
  });
}

export function createRunGroupService(deps: RunGroupServiceDependencies): RunGroupService {
  const now = deps.now ?? (() => new Date());
  const live = new Map<string, LiveGroup>();
  /** How each group of this app's life starts a client's first run (a re-run needs none). */
  const starters = new Map<string, ClientRunStarter>();

  /**
   * The runs of these ids among the group's, read newest first a page at a time until all are
   * found: a client's latest run may be older than the group's newest page (a client that
   * succeeded at once, in a large group re-run since), and read in the first page only it showed
   * "queued", the group "running" for ever.
   */
  const runsOfGroup = (groupId: string, ids: ReadonlySet<string>): Map<string, RunRow> => {
    const found = new Map<string, RunRow>();
    let after: RunCursor | undefined;
    for (;;) {
      const page = deps.runs.list({ groupId, limit: maxGroupRuns, after });
      for (const run of page) if (ids.has(run.id)) found.set(run.id, run);
      const last = page.at(-1);
      if (found.size === ids.size || page.length < maxGroupRuns || last === undefined) return found;
      after = { queuedAt: last.queuedAt, id: last.id };
    }
  };
  const read = (row: RunGroupRow): RunGroup => {
    const members = deps.groups.members(row.id);
    const latestRunIds = new Set<string>();
    for (const member of latestOfEachClient(members))
      if (member.runId !== null) latestRunIds.add(member.runId);
    const latest = latestMembers(members, runsOfGroup(row.id, latestRunIds));
    const attempts = members.reduce((highest, member) => Math.max(highest, member.attempt), 1);
    return { ...row, attempts, ...summarizeMembers(latest), members: latest };
  };
  /**
   * A page of groups as the list shows them: each counted in the database, the page at once.
   * Read whole (every run of every attempt, JSON and all), a page of 50 groups of 1,000 clients
   * held the process 1.4–2.5 s; their members and runs' statuses read into it, ~0.25 s.
   */
  const summariesOf = (rows: readonly RunGroupRow[]): RunGroupSummary[] => {
    const counted = deps.runs.memberCountsOfGroups(rows.map((row) => row.id));
    return rows.map((row) => {
      const { attempts, statusCounts } = counted.get(row.id) ?? { attempts: 1, statusCounts: [] };
      return { ...row, attempts, ...summarizeStatusCounts(statusCounts) };
    });
  };
  const find = (id: string): RunGroupRow => {
    const row = deps.groups.get(id);
    if (row === undefined) throw new AppError('not_found', 'This run group no longer exists.');
    return row;
  };
  const publish = (id: string): void => {
    const row = deps.groups.get(id);
    if (row === undefined) return;
    const group = read(row);
    deps.events.emit({ name: 'runGroups.changed', payload: { group } });
    const state = live.get(id);
    if (state !== undefined && group.status !== 'running' && state.going.size === 0) {
      live.delete(id);
      for (const resolve of state.settledWaiters.splice(0)) resolve(group);
    }
  };

  const publishTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Publishes the group soon, once for all the changes until then. */
  const publishSoon = (id: string): void => {
    if (publishTimers.has(id)) return;
    const timer = setTimeout(() => {
      publishTimers.delete(id);
      publish(id);
    }, publishEveryMs);
    publishTimers.set(id, timer);
  };

  /** Starts one waiting member under a new run id; a refusal makes it "not started", with why. */
  const startMember = (groupId: string, state: LiveGroup, member: MemberRow) => {
    const runId = newRunId();
    const earlierRunId = deps.groups.earlierRunOf(groupId, member);
    state.going.add(runId);
    deps.groups.markStarted(groupId, member, runId);
    const draft = state.drafts.get(member.attempt);
    try {
      if (earlierRunId !== undefined) deps.rerun(earlierRunId, { runId, groupId }, draft);
      else if (state.startRun !== undefined)
        state.startRun(member.client, { runId, groupId, attempt: member.attempt, draft });
      else
        throw new AppError(
          'conflict',
          'It never started, and the app has since restarted: start a new group.',
        );
    } catch (error) {
      state.going.delete(runId);
      deps.groups.markNotStarted(groupId, member, (error as Error).message);
    }
  };

  /** Starts waiting members while the group has free places (re-entrant calls only ask again). */
  const pump = (groupId: string): void => {
    const state = live.get(groupId);
    if (state === undefined || state.isPumping) return;
    state.isPumping = true;
    try {
      // A member that could not start leaves its place free: the next ones are read again.
      for (let free = state.concurrency - state.going.size; free > 0;) {
        const next = deps.groups.waiting(groupId, free);
        for (const member of next) startMember(groupId, state, member);
        free = next.length === 0 ? 0 : state.concurrency - state.going.size;
      }
    } finally {
      state.isPumping = false;
    }
    publishSoon(groupId);
  };

  const listener = deps.events.onDidEmit((message) => {
    if (message.name !== 'runs.changed') return;
    const { run } = message.payload;
    if (run.groupId === null) return;
    const state = live.get(run.groupId);
    if (finishedStatuses.has(run.status) && state?.going.delete(run.id) === true && !state.isPumping)
      pump(run.groupId);
    else if (state?.isPumping !== true) publishSoon(run.groupId);
  });

  const makeLive = (id: string, concurrency: number, startRun: ClientRunStarter | undefined) => {
    const existing = live.get(id);
    if (existing !== undefined) return existing;
    const state: LiveGroup = {
      concurrency,
      going: new Set(),
      startRun,
      isPumping: false,
      settledWaiters: [],
      drafts: new Map(),
    };
    live.set(id, state);
    return state;
  };

  return {
    start: (request) => {
      const clients = [...new Set(request.clients)].sort((a, b) => a.localeCompare(b));
      if (clients.length === 0)
        throw new AppError('invalid_input', 'Choose at least one client to run for.', 'clients');
      const id = crypto.randomUUID();
      deps.groups.insert(
        {
          id,
          runbookId: request.runbookId,
          trigger: request.trigger,
          concurrency: request.concurrency,
          createdAt: now().toISOString(),
        },
        clients,
      );
      starters.set(id, request.startRun);
      // Bounded, oldest first: a server whose schedules fire groups for months keeps the latest.
      if (starters.size > maxRememberedStarters) starters.delete(starters.keys().next().value ?? '');
      makeLive(id, request.concurrency, request.startRun);
      pump(id);
      return read(find(id));
    },
    get: (id) => read(find(id)),
    list: (listing) => summariesOf(deps.groups.list(listing)),
    rerunFailed: (id) => {
      const row = find(id);
      const group = read(row);
      if (group.members.some((member) => isMemberGoing(member.status)))
        throw new AppError(
          'conflict',
          'Some clients of this group are still running; wait for them to finish.',
        );
      const failed = group.members.filter((member) => hasMemberFailed(member.status));
      if (failed.length === 0) throw new AppError('conflict', 'No client of this group failed.');
      deps.groups.addAttempt(
        id,
        failed.map((member) => member.client),
        group.attempts + 1,
      );
      const state = makeLive(id, row.concurrency, starters.get(id));
      const draft = deps.draftOf?.(row.runbookId);
      if (draft !== undefined) state.drafts.set(group.attempts + 1, draft);
      pump(id);
      return read(row);
    },
    cancel: (id) => {
      const row = find(id);
      const members = deps.groups.members(id);
      // Waiting members first: each cancelled run frees a place the pump would otherwise fill.
      for (const member of members)
        if (member.state === 'waiting') deps.groups.markNotStarted(id, member, cancelledBeforeStartNote);
      for (const member of members) if (member.runId !== null) deps.cancelRun(member.runId);
      publish(id);
      return read(row);
    },
    settled: (id) => {
      const row = find(id);
      const state = live.get(id);
      if (state === undefined) return Promise.resolve(read(row));
      return new Promise((resolve) => state.settledWaiters.push(resolve));
    },
    dispose: () => {
      listener.dispose();
      for (const timer of publishTimers.values()) clearTimeout(timer);
      publishTimers.clear();
    },
  };
}
