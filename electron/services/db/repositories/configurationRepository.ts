/** Configurations and their encrypted secrets. Exactly one primary per integration. */
import { hasRateLimits, rateLimitsSchema, type RateLimits } from '../../../../shared/domain/rateLimits';
import type { Database } from '../database';
import type { WriteNotices } from '../writeNotices';

export interface ConfigurationRow {
  id: string;
  integrationId: string;
  name: string;
  clientName: string;
  baseUrl: string;
  isPrimary: boolean;
  values: Record<string, string>;
  /** Its own rate limits; absent (or null) when it sets none. */
  rateLimits?: RateLimits | null | undefined;
  createdAt: string;
  updatedAt: string;
}

export interface ConfigurationRepository {
  list(integrationId: string): ConfigurationRow[];
  get(id: string): ConfigurationRow | undefined;
  insert(row: ConfigurationRow): void;
  update(row: Omit<ConfigurationRow, 'integrationId' | 'isPrimary' | 'createdAt'>): void;
  delete(id: string): void;
  setPrimary(id: string): void;
  secretFields(id: string): string[];
  getSecret(id: string, field: string): Buffer | undefined;
  putSecret(id: string, field: string, ciphertext: Buffer): void;
  deleteSecret(id: string, field: string): void;
  /** Runs fn in one transaction. */
  transaction<T>(fn: () => T): T;
}

interface Row {
  id: string;
  integration_id: string;
  name: string;
  client_name: string;
  base_url: string;
  is_primary: number;
  values_json: string;
  rate_limits: string | null;
  created_at: string;
  updated_at: string;
}

const toRow = (row: Row): ConfigurationRow => ({
  id: row.id,
  integrationId: row.integration_id,
  name: row.name,
  clientName: row.client_name,
  baseUrl: row.base_url,
  isPrimary: row.is_primary === 1,
  values: JSON.parse(row.values_json) as Record<string, string>,
  ...ownLimitsOf(row.rate_limits),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The stored limits when they parse and set any; otherwise none (an unreadable row limits nothing). */
function ownLimitsOf(json: string | null): { rateLimits?: RateLimits } {
  if (json === null) return {};
  try {
    const parsed = rateLimitsSchema.safeParse(JSON.parse(json));
    return parsed.success && hasRateLimits(parsed.data) ? { rateLimits: parsed.data } : {};
  } catch {
    return {};
  }
}

const limitsColumn = (limits: RateLimits | null | undefined) =>
  hasRateLimits(limits) ? JSON.stringify(limits) : null;

/** `notices` hears every write to a configuration, which one is primary, or its secrets. */
export function createConfigurationRepository(db: Database, notices?: WriteNotices): ConfigurationRepository {
  const told = () => notices?.didWrite();
  const list = db.prepare<[string], Row>(
    'SELECT * FROM configurations WHERE integration_id = ? ORDER BY is_primary DESC, name',
  );
  const get = db.prepare<[string], Row>('SELECT * FROM configurations WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO configurations (id, integration_id, name, client_name, base_url, is_primary, values_json, rate_limits, created_at, updated_at)
     VALUES (@id, @integrationId, @name, @clientName, @baseUrl, @isPrimary, @valuesJson, @rateLimits, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE configurations SET name = @name, client_name = @clientName, base_url = @baseUrl,
       values_json = @valuesJson, rate_limits = @rateLimits, updated_at = @updatedAt WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM configurations WHERE id = ?');
  const clearPrimary = db.prepare<[string]>(
    'UPDATE configurations SET is_primary = 0 WHERE integration_id = ? AND is_primary = 1',
  );
  const markPrimary = db.prepare<[string]>('UPDATE configurations SET is_primary = 1 WHERE id = ?');
  const oldestOther = db.prepare<[string], { id: string }>(
    'SELECT id FROM configurations WHERE integration_id = ? ORDER BY created_at, name LIMIT 1',
  );
  const secretFields = db.prepare<[string], { field: string }>(
    'SELECT field FROM configuration_secrets WHERE configuration_id = ? ORDER BY field',
  );
  const getSecret = db.prepare<[string, string], { ciphertext: Buffer }>(
    'SELECT ciphertext FROM configuration_secrets WHERE configuration_id = ? AND field = ?',
  );
  const putSecret = db.prepare<[string, string, Buffer, string]>(
    `INSERT INTO configuration_secrets (configuration_id, field, ciphertext, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (configuration_id, field) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  );
  const deleteSecret = db.prepare<[string, string]>(
    'DELETE FROM configuration_secrets WHERE configuration_id = ? AND field = ?',
  );

  const setPrimary = (id: string): void => {
    const row = get.get(id);
    if (row === undefined) return;
    clearPrimary.run(row.integration_id);
    markPrimary.run(id);
  };

  return {
    list: (integrationId) => list.all(integrationId).map(toRow),
    get: (id) => {
      const row = get.get(id);
      return row === undefined ? undefined : toRow(row);
    },
    insert: (row) => {
      insert.run({
        ...row,
        isPrimary: row.isPrimary ? 1 : 0,
        valuesJson: JSON.stringify(row.values),
        rateLimits: limitsColumn(row.rateLimits),
      });
      told();
    },
    update: (row) => {
      update.run({
        ...row,
        valuesJson: JSON.stringify(row.values),
        rateLimits: limitsColumn(row.rateLimits),
      });
      told();
    },
    delete: db.transaction((id: string) => {
      const row = get.get(id);
      if (row === undefined) return;
      remove.run(id);
      // Keep exactly one primary: the oldest remaining configuration takes over.
      if (row.is_primary === 1) {
        const next = oldestOther.get(row.integration_id);
        if (next !== undefined) markPrimary.run(next.id);
      }
      told();
    }),
    setPrimary: db.transaction((id: string) => {
      setPrimary(id);
      told();
    }),
    secretFields: (id) => secretFields.all(id).map((row) => row.field),
    getSecret: (id, field) => getSecret.get(id, field)?.ciphertext,
    putSecret: (id, field, ciphertext) => {
      putSecret.run(id, field, ciphertext, new Date().toISOString());
      told();
    },
    deleteSecret: (id, field) => {
      deleteSecret.run(id, field);
      told();
    },
    transaction: (fn) => db.transaction(fn)(),
  };
}
