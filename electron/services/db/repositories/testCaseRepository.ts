/** Runbook test cases: each kept whole as JSON beside its runbook, read through its schema. */
import {
  testCaseContentSchema,
  type TestCase,
  type TestCaseContent,
} from '../../../../shared/rehearsal/testCase';
import type { Database } from '../database';

/** A runbook keeps at most this many test cases. */
export const maxTestCasesPerRunbook = 200;

export interface TestCaseRow extends TestCase {
  runbookId: string;
}

export interface TestCaseRepository {
  /** The runbook's cases, oldest first. */
  list(runbookId: string): TestCaseRow[];
  get(id: string): TestCaseRow | undefined;
  insert(row: TestCaseRow): void;
  update(id: string, content: TestCaseContent, updatedAt: string): boolean;
  delete(id: string): boolean;
  /** Replaces every case of the runbook (an import that replaces its draft). */
  replaceAll(runbookId: string, rows: readonly TestCaseRow[]): void;
}

interface Row {
  id: string;
  runbook_id: string;
  test_case: string;
  created_at: string;
}

/** A stored case; one that no longer reads (a hand-edited database) is left out, not guessed at. */
const toRow = (row: Row): TestCaseRow | undefined => {
  const parsed = testCaseContentSchema.safeParse(JSON.parse(row.test_case));
  return parsed.success
    ? { ...parsed.data, id: row.id, runbookId: row.runbook_id, createdAt: row.created_at }
    : undefined;
};

const contentOf = (row: TestCaseContent): TestCaseContent => ({
  name: row.name,
  inputs: row.inputs,
  client: row.client,
  recordings: row.recordings,
  outcome: row.outcome,
  expectations: row.expectations,
});

export function createTestCaseRepository(db: Database): TestCaseRepository {
  const list = db.prepare<[string, number], Row>(
    // Cases saved within one millisecond keep the order they were saved in (rowid), not their random ids'.
    'SELECT * FROM runbook_test_cases WHERE runbook_id = ? ORDER BY created_at, rowid LIMIT ?',
  );
  const get = db.prepare<[string], Row>('SELECT * FROM runbook_test_cases WHERE id = ?');
  const insert = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO runbook_test_cases (id, runbook_id, name, test_case, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare<[string, string, string, string]>(
    'UPDATE runbook_test_cases SET name = ?, test_case = ?, updated_at = ? WHERE id = ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM runbook_test_cases WHERE id = ?');
  const removeAll = db.prepare<[string]>('DELETE FROM runbook_test_cases WHERE runbook_id = ?');
  const insertRow = (row: TestCaseRow) =>
    insert.run(row.id, row.runbookId, row.name, JSON.stringify(contentOf(row)), row.createdAt, row.createdAt);
  const replaceAll = db.transaction((runbookId: string, rows: readonly TestCaseRow[]) => {
    removeAll.run(runbookId);
    for (const row of rows) insertRow(row);
  });
  return {
    list: (runbookId) =>
      list.all(runbookId, maxTestCasesPerRunbook).flatMap((row) => {
        const found = toRow(row);
        return found === undefined ? [] : [found];
      }),
    get: (id) => {
      const row = get.get(id);
      return row === undefined ? undefined : toRow(row);
    },
    insert: insertRow,
    update: (id, content, updatedAt) =>
      update.run(content.name, JSON.stringify(contentOf(content)), updatedAt, id).changes > 0,
    delete: (id) => remove.run(id).changes > 0,
    replaceAll: (runbookId, rows) => replaceAll(runbookId, rows),
  };
}
