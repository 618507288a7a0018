/**
 * Methods of an integration; the definition (PRODUCT.md §3) is stored as JSON, with its name, HTTP
 * method and path also in columns for the unique name and for listings.
 */
import { methodDefinitionSchema, type MethodDefinition } from '../../../../shared/domain/method';
import type { Database } from '../database';
import type { WriteNotices } from '../writeNotices';
import { createParseCache } from '../parseCache';

export interface MethodRow {
  id: string;
  integrationId: string;
  definition: MethodDefinition;
  createdAt: string;
  updatedAt: string;
}

/** The most methods one listing returns unless the caller asks for fewer. */
export const methodListLimit = 1_000;

export interface MethodRepository {
  insert(row: MethodRow): void;
  get(id: string): MethodRow | undefined;
  /** Ordered by name, case-insensitively; at most `limit` (default methodListLimit). */
  listByIntegration(integrationId: string, limit?: number): MethodRow[];
  update(id: string, definition: MethodDefinition, updatedAt: string): boolean;
  delete(id: string): boolean;
}

interface Row {
  id: string;
  integration_id: string;
  definition: string;
  created_at: string;
  updated_at: string;
}

/** Rows are read through the schema, so a definition saved by an older version gets today's defaults. */
const parseDefinition = createParseCache((text) => methodDefinitionSchema.parse(JSON.parse(text)));

const toRow = (row: Row): MethodRow => ({
  id: row.id,
  integrationId: row.integration_id,
  definition: parseDefinition(row.definition),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** `notices` hears every write that changed a method. */
export function createMethodRepository(db: Database, notices?: WriteNotices): MethodRepository {
  const told = (isChanged: boolean): boolean => {
    if (isChanged) notices?.didWrite();
    return isChanged;
  };
  const insert = db.prepare(
    `INSERT INTO methods (id, integration_id, name, http_method, path, definition, created_at, updated_at)
     VALUES (@id, @integrationId, @name, @httpMethod, @path, @definition, @createdAt, @updatedAt)`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM methods WHERE id = ?');
  const list = db.prepare<[string, number], Row>(
    'SELECT * FROM methods WHERE integration_id = ? ORDER BY name COLLATE NOCASE LIMIT ?',
  );
  const update = db.prepare(
    `UPDATE methods SET name = @name, http_method = @httpMethod, path = @path, definition = @definition,
       updated_at = @updatedAt WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM methods WHERE id = ?');
  const columnsOf = (definition: MethodDefinition) => ({
    name: definition.name,
    httpMethod: definition.httpMethod,
    path: definition.path,
    definition: JSON.stringify(definition),
  });
  return {
    insert: (row) => {
      insert.run({
        id: row.id,
        integrationId: row.integrationId,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        ...columnsOf(row.definition),
      });
      notices?.didWrite();
    },
    get: (id) => {
      const row = get.get(id);
      return row === undefined ? undefined : toRow(row);
    },
    listByIntegration: (integrationId, limit = methodListLimit) => list.all(integrationId, limit).map(toRow),
    update: (id, definition, updatedAt) =>
      told(update.run({ id, updatedAt, ...columnsOf(definition) }).changes > 0),
    delete: (id) => told(remove.run(id).changes > 0),
  };
}
