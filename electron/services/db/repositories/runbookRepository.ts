/** Runbooks (details + draft graph as JSON) and which methods each draft uses. */
import type { Database } from '../database';
import { nameKey } from './integrationRepository';

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

export interface RunbookFilter {
  search: string;
  category: string;
  limit: number;
}

export interface RunbookRepository {
  insert(row: RunbookRow): void;
  get(id: string): RunbookRow | undefined;
  list(filter: RunbookFilter): RunbookRow[];
  update(row: Omit<RunbookRow, 'createdAt'>): boolean;
  delete(id: string): boolean;
  /** Replaces the set of methods a runbook's draft uses, in one transaction. */
  setMethodRefs(runbookId: string, methodIds: readonly string[]): void;
  methodRefs(runbookId: string): string[];
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

const toRow = (row: Row): RunbookRow => ({
  id: row.id,
  name: row.name,
  description: row.description,
  category: row.category,
  tags: JSON.parse(row.tags) as string[],
  draft: JSON.parse(row.draft) as unknown,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function createRunbookRepository(db: Database): RunbookRepository {
  const insert = db.prepare(
    `INSERT INTO runbooks (id, name, name_key, description, category, tags, draft, created_at, updated_at)
     VALUES (@id, @name, @nameKey, @description, @category, @tags, @draft, @createdAt, @updatedAt)`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM runbooks WHERE id = ?');
  // Tags are a JSON array; searching its text finds a tag (quotes included keep it to whole values' text).
  const list = db.prepare<[{ category: string; pattern: string; limit: number }], Row>(
    `SELECT * FROM runbooks
     WHERE (@category = '' OR category = @category)
       AND (@pattern = '' OR name LIKE @pattern ESCAPE '\\' OR description LIKE @pattern ESCAPE '\\'
            OR tags LIKE @pattern ESCAPE '\\')
     ORDER BY name_key LIMIT @limit`,
  );
  const update = db.prepare(
    `UPDATE runbooks SET name = @name, name_key = @nameKey, description = @description, category = @category,
       tags = @tags, draft = @draft, updated_at = @updatedAt WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM runbooks WHERE id = ?');
  const clearRefs = db.prepare<[string]>('DELETE FROM runbook_method_refs WHERE runbook_id = ?');
  const addRef = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO runbook_method_refs (runbook_id, method_id) VALUES (?, ?)',
  );
  const refs = db.prepare<[string], { method_id: string }>(
    'SELECT method_id FROM runbook_method_refs WHERE runbook_id = ? ORDER BY method_id',
  );
  const params = (row: Omit<RunbookRow, 'createdAt'> & { createdAt?: string }) => ({
    ...row,
    nameKey: nameKey(row.name),
    tags: JSON.stringify(row.tags),
    draft: JSON.stringify(row.draft),
  });
  const setMethodRefs = db.transaction((runbookId: string, methodIds: readonly string[]) => {
    clearRefs.run(runbookId);
    for (const methodId of methodIds) addRef.run(runbookId, methodId);
  });
  return {
    insert: (row) => {
      insert.run(params(row));
    },
    get: (id) => {
      const row = get.get(id);
      return row === undefined ? undefined : toRow(row);
    },
    list: (filter) => {
      const search = filter.search.trim();
      return list
        .all({
          category: filter.category,
          pattern: search === '' ? '' : `%${escapeLike(search)}%`,
          limit: filter.limit,
        })
        .map(toRow);
    },
    update: (row) => update.run(params(row)).changes > 0,
    delete: (id) => remove.run(id).changes > 0,
    setMethodRefs: (runbookId, methodIds) => {
      setMethodRefs(runbookId, methodIds);
    },
    methodRefs: (runbookId) => refs.all(runbookId).map((row) => row.method_id),
  };
}
