/** Runbooks (details + draft graph as JSON) and which methods each draft uses. */
import type { Database } from '../database';
import { dataVersionOf } from '../dataVersion';
import type { WriteNotices } from '../writeNotices';
import { createParseCache } from '../parseCache';
import { nameKey, namesBeforeTheRuleParams, namesBeforeTheRuleWhere } from './integrationRepository';

export interface RunbookRow {
  id: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  /** The draft graph, stored as JSON; its schema arrives with the designer. */
  draft: unknown;
  createdAt: string;
  updatedAt: string;
}

/** What a listing shows: everything but the draft graph, which can be large. */
export type RunbookSummary = Omit<RunbookRow, 'draft'>;

export interface RunbookFilter {
  /** Matched as plain text (no wildcards) against name, description and each tag. */
  search: string;
  category: string;
  limit: number;
}

export interface RunbookRepository {
  insert(row: RunbookRow): void;
  get(id: string): RunbookRow | undefined;
  /** Names are unique case-insensitively, as for integrations. */
  findIdByName(name: string): string | undefined;
  /** The runbooks whose names an earlier version saved with a control character, or blank. */
  namedBeforeTheRule(): RunbookName[];
  list(filter: RunbookFilter): { items: RunbookSummary[]; total: number };
  categories(): string[];
  /** Every runbook's id (for start-up work such as schedules). */
  ids(): string[];
  update(row: Omit<RunbookRow, 'createdAt'>): boolean;
  /** Saves the draft graph alone, as the designer does on every edit. */
  updateDraft(id: string, draft: unknown, updatedAt: string): boolean;
  delete(id: string): boolean;
  /** Replaces the set of methods a runbook's draft uses, in one transaction. */
  setMethodRefs(runbookId: string, methodIds: readonly string[]): void;
  methodRefs(runbookId: string): string[];
  /** The runbooks whose drafts use the method, by name. */
  usingMethod(methodId: string): RunbookName[];
  /** The other runbooks whose drafts run this one as a step, by name. */
  running(runbookId: string): RunbookName[];
}

export interface RunbookName {
  id: string;
  name: string;
}

interface Row {
  id: string;
  name: string;
  description: string;
  category: string;
  tags: string;
  draft: string;
  created_at: string;
  updated_at: string;
}

const toSummary = (row: Omit<Row, 'draft'>): RunbookSummary => ({
  id: row.id,
  name: row.name,
  description: row.description,
  category: row.category,
  tags: JSON.parse(row.tags) as string[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The same stored text gives the same (frozen) object, so what is read through it can be remembered. */
const parseDraft = createParseCache((text) => JSON.parse(text) as unknown, 200);

const toRow = (row: Row): RunbookRow => ({ ...toSummary(row), draft: parseDraft(row.draft) });

const likePattern = (search: string): string => {
  const trimmed = search.trim();
  return trimmed === '' ? '' : `%${trimmed.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
};

const summaryColumns = 'id, name, description, category, tags, created_at, updated_at';
// An empty parameter switches a condition off. Tags are matched one by one (json_each), so a
// search never matches the JSON punctuation between them.
const filterWhere = `WHERE (@category = '' OR category = @category)
  AND (@pattern = '' OR name LIKE @pattern ESCAPE '\\' OR description LIKE @pattern ESCAPE '\\'
       OR EXISTS (SELECT 1 FROM json_each(runbooks.tags) tag WHERE tag.value LIKE @pattern ESCAPE '\\'))`;

/** What a write did to a runbook (its details, draft or versions), for whoever keeps a copy. */
export interface RunbookWrite {
  id: string;
  change: 'created' | 'updated' | 'deleted';
  /** The runbook's row as written now, when this write set it: a window knows its own save by it. */
  updatedAt?: string;
}

/** `notices` hears each write that changed a runbook. */
export function createRunbookRepository(
  db: Database,
  notices?: WriteNotices<RunbookWrite>,
): RunbookRepository {
  const told = (
    id: string,
    change: RunbookWrite['change'],
    isChanged: boolean,
    updatedAt?: string,
  ): boolean => {
    if (isChanged) notices?.didWrite(updatedAt === undefined ? { id, change } : { id, change, updatedAt });
    return isChanged;
  };
  type FilterParams = { category: string; pattern: string };
  const insert = db.prepare(
    `INSERT INTO runbooks (id, name, name_key, description, category, tags, draft, created_at, updated_at)
     VALUES (@id, @name, @nameKey, @description, @category, @tags, @draft, @createdAt, @updatedAt)`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM runbooks WHERE id = ?');
  const byName = db.prepare<[string], { id: string }>('SELECT id FROM runbooks WHERE name_key = ?');
  const namedBeforeTheRule = db.prepare<[typeof namesBeforeTheRuleParams], RunbookName>(
    `SELECT id, name FROM runbooks WHERE ${namesBeforeTheRuleWhere}`,
  );
  const allIds = db.prepare<[], { id: string }>('SELECT id FROM runbooks ORDER BY id');
  const list = db.prepare<[FilterParams & { limit: number }], Omit<Row, 'draft'>>(
    `SELECT ${summaryColumns} FROM runbooks ${filterWhere} ORDER BY name_key LIMIT @limit`,
  );
  const count = db.prepare<[FilterParams], { total: number }>(
    `SELECT count(*) AS total FROM runbooks ${filterWhere}`,
  );
  const categories = db.prepare<[], { category: string }>(
    "SELECT DISTINCT category FROM runbooks WHERE category <> '' ORDER BY category LIMIT 500",
  );
  const update = db.prepare(
    `UPDATE runbooks SET name = @name, name_key = @nameKey, description = @description, category = @category,
       tags = @tags, draft = @draft, updated_at = @updatedAt WHERE id = @id`,
  );
  const updateDraft = db.prepare<[string, string, string]>(
    'UPDATE runbooks SET draft = ?, updated_at = ? WHERE id = ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM runbooks WHERE id = ?');
  /**
   * Rows read, by id: every run starts by reading its runbook, whose draft is the largest text a
   * run reads (reading and parsing it cost as much as a step). Forgotten when this repository
   * writes the row, and all of them when another connection has committed (another process on
   * the same data folder); not kept from inside a transaction, which may still be undone.
   */
  const rows = new Map<string, RunbookRow>();
  let seenVersion: number | undefined;
  const cachedRow = (id: string): RunbookRow | undefined => {
    if (db.inTransaction) return undefined;
    const version = dataVersionOf(db);
    if (version !== seenVersion) {
      rows.clear();
      seenVersion = version;
    }
    return rows.get(id);
  };
  /** Frozen (the draft already is), since every later reader shares it. */
  const keep = (row: RunbookRow): RunbookRow => {
    const frozen = Object.freeze({ ...row, tags: Object.freeze(row.tags) as string[] });
    if (db.inTransaction) return frozen;
    if (rows.size >= 100) rows.delete(rows.keys().next().value as string);
    rows.set(row.id, frozen);
    return frozen;
  };
  const clearRefs = db.prepare<[string]>('DELETE FROM runbook_method_refs WHERE runbook_id = ?');
  const addRef = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO runbook_method_refs (runbook_id, method_id) VALUES (?, ?)',
  );
  const refs = db.prepare<[string], { method_id: string }>(
    'SELECT method_id FROM runbook_method_refs WHERE runbook_id = ? ORDER BY method_id',
  );
  const usingMethod = db.prepare<[string], RunbookName>(
    `SELECT r.id, r.name FROM runbooks r JOIN runbook_method_refs ref ON ref.runbook_id = r.id
     WHERE ref.method_id = ? ORDER BY r.name_key`,
  );
  // A runbook's id is a UUID: quoted in another draft, it can only be a step that runs it.
  const running = db.prepare<[string, string], RunbookName>(
    `SELECT id, name FROM runbooks WHERE id <> ? AND instr(draft, ?) > 0 ORDER BY name_key`,
  );
  const params = (row: Omit<RunbookRow, 'createdAt'> & { createdAt?: string }) => ({
    ...row,
    nameKey: nameKey(row.name),
    tags: JSON.stringify(row.tags),
    draft: JSON.stringify(row.draft),
  });
  // All or nothing: an unknown method id (foreign key) leaves the previous references in place.
  const setMethodRefs = db.transaction((runbookId: string, methodIds: readonly string[]) => {
    clearRefs.run(runbookId);
    for (const methodId of methodIds) addRef.run(runbookId, methodId);
  });
  return {
    insert: (row) => {
      rows.delete(row.id);
      insert.run(params(row));
      notices?.didWrite({ id: row.id, change: 'created' });
    },
    get: (id) => {
      const cached = cachedRow(id);
      if (cached !== undefined) return cached;
      const row = get.get(id);
      return row === undefined ? undefined : keep(toRow(row));
    },
    findIdByName: (name) => byName.get(nameKey(name))?.id,
    namedBeforeTheRule: () => namedBeforeTheRule.all(namesBeforeTheRuleParams),
    ids: () => allIds.all().map((row) => row.id),
    list: (filter) => {
      const filterParams = { category: filter.category, pattern: likePattern(filter.search) };
      return {
        items: list.all({ ...filterParams, limit: filter.limit }).map(toSummary),
        total: count.get(filterParams)?.total ?? 0,
      };
    },
    categories: () => categories.all().map((row) => row.category),
    update: (row) => {
      rows.delete(row.id);
      return told(row.id, 'updated', update.run(params(row)).changes > 0, row.updatedAt);
    },
    updateDraft: (id, draft, updatedAt) => {
      rows.delete(id);
      return told(
        id,
        'updated',
        updateDraft.run(JSON.stringify(draft), updatedAt, id).changes > 0,
        updatedAt,
      );
    },
    delete: (id) => {
      rows.delete(id);
      return told(id, 'deleted', remove.run(id).changes > 0);
    },
    setMethodRefs: (runbookId, methodIds) => {
      setMethodRefs(runbookId, methodIds);
    },
    methodRefs: (runbookId) => refs.all(runbookId).map((row) => row.method_id),
    usingMethod: (methodId) => usingMethod.all(methodId),
    running: (runbookId) => running.all(runbookId, JSON.stringify(runbookId)),
  };
}
