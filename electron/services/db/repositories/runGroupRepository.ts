/**
 * Run groups (run across clients) and their members: one row per client and attempt, waiting
 * for a place, started with its run, or not started (with the reason). The runs themselves are
 * ordinary runs, which name their group (runs.group_id).
 */
import type { TriggerKind } from '../../../../shared/domain/triggerKind';
import type { Database } from '../database';

export interface RunGroupRow {
  id: string;
  runbookId: string;
  runbookName: string;
  trigger: TriggerKind;
  concurrency: number;
  createdAt: string;
}

/** Which groups a page of the list holds: newest first, each filter when given. */
export interface RunGroupListing {
  runbookId?: string | undefined;
  /** Only the groups of runbooks whose name holds this text (any case); '' for every one. */
  search?: string | undefined;
  /** The page starts after this group, in the list's order. */
  after?: Pick<RunGroupRow, 'createdAt' | 'id'> | undefined;
  limit: number;
}

export type MemberState = 'waiting' | 'started' | 'notStarted';

export interface MemberRow {
  client: string;
  attempt: number;
  state: MemberState;
  runId: string | null;
  /** Why it did not start. */
  note: string | null;
}

export interface RunGroupRepository {
  /** A new group with attempt 1 of each client waiting, in one transaction. */
  insert(group: Omit<RunGroupRow, 'runbookName'>, clients: readonly string[]): void;
  /** The next attempt of these clients, waiting. */
  addAttempt(groupId: string, clients: readonly string[], attempt: number): void;
  markStarted(groupId: string, member: Pick<MemberRow, 'client' | 'attempt'>, runId: string): void;
  markNotStarted(groupId: string, member: Pick<MemberRow, 'client' | 'attempt'>, note: string): void;
  get(groupId: string): RunGroupRow | undefined;
  /** Every attempt of every client, by client then attempt. */
  members(groupId: string): MemberRow[];
  /** The first `limit` members waiting, by client then attempt. */
  waiting(groupId: string, limit: number): MemberRow[];
  /** The run of the client's latest attempt before `attempt` that has one. */
  earlierRunOf(groupId: string, member: Pick<MemberRow, 'client' | 'attempt'>): string | undefined;
  /** Newest first, a page at a time: the next page starts after the last group of this one. */
  list(listing: RunGroupListing): RunGroupRow[];
  delete(groupId: string): void;
  /**
   * Members left waiting by a stop did not start: those of every group, or with `owners` only
   * those of the groups these processes start (a process gone while others have the folder open).
   */
  markLeftWaiting(note: string, owners?: readonly string[]): number;
  /** The processes whose groups have members waiting (groups kept before owners were named aside). */
  ownersOfWaitingGroups(): string[];
}

interface GroupRow {
  id: string;
  runbook_id: string;
  runbook_name: string;
  trigger_kind: TriggerKind;
  concurrency: number;
  created_at: string;
}

const toMember = (row: Row): MemberRow => ({
  client: row.client_name,
  attempt: row.attempt,
  state: row.state,
  runId: row.run_id,
  note: row.note,
});

interface Row {
  client_name: string;
  attempt: number;
  state: MemberState;
  run_id: string | null;
  note: string | null;
}

const toGroup = (row: GroupRow): RunGroupRow => ({
  id: row.id,
  runbookId: row.runbook_id,
  runbookName: row.runbook_name,
  trigger: row.trigger_kind,
  concurrency: row.concurrency,
  createdAt: row.created_at,
});

/** A LIKE pattern holding `search` as typed ('' for none): its % _ and \\ match themselves. */
const likePattern = (search: string): string => {
  const trimmed = search.trim();
  return trimmed === '' ? '' : `%${trimmed.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
};

/** The list's filters beyond the runbook; an empty parameter switches one off. */
const listFilters = `(@pattern = '' OR runbooks.name LIKE @pattern ESCAPE '\\')
  AND (@afterAt IS NULL OR (run_groups.created_at, run_groups.id) < (@afterAt, @afterId))`;

interface ListParameters {
  pattern: string;
  afterAt: string | null;
  afterId: string | null;
  limit: number;
}

const groupColumns = `run_groups.id, run_groups.runbook_id, runbooks.name AS runbook_name,
  run_groups.trigger_kind, run_groups.concurrency, run_groups.created_at
  FROM run_groups JOIN runbooks ON runbooks.id = run_groups.runbook_id`;

/**
 * `owner` names this process in each group it starts or re-runs the failed clients of: its memory
 * starts their waiting clients (dataFolderProcesses.ts).
 */
export function createRunGroupRepository(db: Database, owner?: string): RunGroupRepository {
  const insertGroup = db.prepare<[string, string, string, number, string, string | null]>(
    `INSERT INTO run_groups (id, runbook_id, trigger_kind, concurrency, created_at, owner)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const takeGroup = db.prepare<[string | null, string]>('UPDATE run_groups SET owner = ? WHERE id = ?');
  const insertMember = db.prepare<[string, string, number]>(
    "INSERT INTO run_group_members (group_id, client_name, attempt, state) VALUES (?, ?, ?, 'waiting')",
  );
  const setState = db.prepare<[MemberState, string | null, string | null, string, string, number]>(
    `UPDATE run_group_members SET state = ?, run_id = ?, note = ?
     WHERE group_id = ? AND client_name = ? AND attempt = ?`,
  );
  const getGroup = db.prepare<[string], GroupRow>(`SELECT ${groupColumns} WHERE run_groups.id = ?`);
  const members = db.prepare<[string], Row>(
    'SELECT * FROM run_group_members WHERE group_id = ? ORDER BY client_name, attempt',
  );
  // What starting the next clients reads, by the waiting members' index and the key: not every
  // attempt of every client, once per run that ends (a group of 1,000 clients re-run a few times).
  const waiting = db.prepare<[string, number], Row>(
    "SELECT * FROM run_group_members WHERE group_id = ? AND state = 'waiting' ORDER BY client_name, attempt LIMIT ?",
  );
  const earlierRun = db
    .prepare<[string, string, number], string>(
      `SELECT run_id FROM run_group_members WHERE group_id = ? AND client_name = ? AND attempt < ?
       AND run_id IS NOT NULL ORDER BY attempt DESC LIMIT 1`,
    )
    .pluck();
  const listAll = db.prepare<[ListParameters], GroupRow>(
    `SELECT ${groupColumns} WHERE ${listFilters}
     ORDER BY run_groups.created_at DESC, run_groups.id DESC LIMIT @limit`,
  );
  const listOf = db.prepare<[ListParameters & { runbookId: string }], GroupRow>(
    `SELECT ${groupColumns} WHERE run_groups.runbook_id = @runbookId AND ${listFilters}
     ORDER BY run_groups.created_at DESC, run_groups.id DESC LIMIT @limit`,
  );
  const deleteGroup = db.prepare<[string]>('DELETE FROM run_groups WHERE id = ?');
  // The owners are a JSON list, or null for every group.
  const leftWaiting = db.prepare<[string, string | null, string | null]>(
    `UPDATE run_group_members SET state = 'notStarted', note = ? WHERE state = 'waiting'
     AND (? IS NULL OR group_id IN (SELECT id FROM run_groups WHERE owner IN (SELECT value FROM json_each(?))))`,
  );
  const waitingOwners = db
    .prepare<[], string>(
      `SELECT DISTINCT owner FROM run_groups WHERE owner IS NOT NULL
       AND id IN (SELECT group_id FROM run_group_members WHERE state = 'waiting')`,
    )
    .pluck();
  const addMembers = db.transaction((groupId: string, clients: readonly string[], attempt: number) => {
    for (const client of clients) insertMember.run(groupId, client, attempt);
  });
  const addAttempt = db.transaction((groupId: string, clients: readonly string[], attempt: number) => {
    takeGroup.run(owner ?? null, groupId);
    addMembers(groupId, clients, attempt);
  });
  const insert = db.transaction((group: Omit<RunGroupRow, 'runbookName'>, clients: readonly string[]) => {
    insertGroup.run(
      group.id,
      group.runbookId,
      group.trigger,
      group.concurrency,
      group.createdAt,
      owner ?? null,
    );
    addMembers(group.id, clients, 1);
  });
  return {
    insert: (group, clients) => insert(group, clients),
    addAttempt: (groupId, clients, attempt) => addAttempt(groupId, clients, attempt),
    markStarted: (groupId, member, runId) =>
      setState.run('started', runId, null, groupId, member.client, member.attempt),
    markNotStarted: (groupId, member, note) =>
      setState.run('notStarted', null, note, groupId, member.client, member.attempt),
    get: (groupId) => {
      const row = getGroup.get(groupId);
      return row === undefined ? undefined : toGroup(row);
    },
    members: (groupId) => members.all(groupId).map(toMember),
    waiting: (groupId, limit) => waiting.all(groupId, limit).map(toMember),
    earlierRunOf: (groupId, member) => earlierRun.get(groupId, member.client, member.attempt),
    list: ({ runbookId, search = '', after, limit }) => {
      const parameters = {
        pattern: likePattern(search),
        afterAt: after?.createdAt ?? null,
        afterId: after?.id ?? null,
        limit,
      };
      const rows =
        runbookId === undefined ? listAll.all(parameters) : listOf.all({ ...parameters, runbookId });
      return rows.map(toGroup);
    },
    delete: (groupId) => {
      deleteGroup.run(groupId);
    },
    markLeftWaiting: (note, owners) => {
      const list = owners === undefined ? null : JSON.stringify(owners);
      return leftWaiting.run(note, list, list).changes;
    },
    ownersOfWaitingGroups: () => waitingOwners.all() as string[],
  };
}
