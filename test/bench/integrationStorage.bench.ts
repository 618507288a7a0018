/**
 * Saving and listing 1,000 integrations through the backend (contract validation, service,
 * repository) vs. the same SQL statements on raw better-sqlite3, in the same run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createBackend } from '../../electron/services/backend';
import { openDatabase } from '../../electron/services/db/database';
import { createMasterKeyProvider } from '../../electron/services/secrets/masterKeyProvider';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { ratioResult, type BenchResult } from './benchResult';

const count = 1_000;
/**
 * The raw side alone moved between 79 and 155 ms from round to round on a shared VM: a median of
 * 5 rounds put the ratio anywhere between 1.23 and 1.51. Fifteen, after a round of each not
 * counted (the JIT, the first database file), hold it steady.
 */
const rounds = 15;
const warmUpRounds = 1;

async function throughBackend(): Promise<number> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-bench-'));
  const backend = createBackend({
    dataDirectory,
    shell: 'headless',
    version: 'bench',
    keyProvider: (directory) => createMasterKeyProvider({ dataDirectory: directory }),
    log: () => undefined,
  });
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    await backend.dispatch('integrations.create', {
      details: {
        name: `Integration ${String(index)}`,
        category: 'PSA',
        description: `API number ${String(index)}`,
      },
    });
  }
  const listed = await inProcessApi(backend).call('integrations.list', { search: '', category: '' });
  const elapsed = performance.now() - started;
  if (listed.items.length !== count)
    throw new Error(`listed ${String(listed.items.length)} of ${String(count)}`);
  backend.dispose();
  fs.rmSync(dataDirectory, { recursive: true, force: true });
  return elapsed;
}

function rawSqlite(): number {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-bench-raw-'));
  const file = path.join(dataDirectory, 'raw.sqlite');
  openDatabase({ file }).close(); // same schema and pragmas
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  const byName = db.prepare('SELECT id FROM integrations WHERE name_key = ?');
  const insert = db.prepare(
    `INSERT INTO integrations (id, name, name_key, category, description, notes, version_label, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, '', '', ?, ?)`,
  );
  const get = db.prepare(
    `SELECT i.*, l.mime_type FROM integrations i LEFT JOIN integration_logos l ON l.integration_id = i.id WHERE i.id = ?`,
  );
  const list = db.prepare(
    `SELECT i.*, l.mime_type FROM integrations i LEFT JOIN integration_logos l ON l.integration_id = i.id
     ORDER BY i.name_key LIMIT 2000`,
  );
  const total = db.prepare('SELECT count(*) AS total FROM integrations');
  const categories = db.prepare('SELECT DISTINCT category FROM integrations ORDER BY category');
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    const name = `Integration ${String(index)}`;
    byName.get(name.toLowerCase());
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    insert.run(id, name, name.toLowerCase(), 'PSA', `API number ${String(index)}`, now, now);
    get.get(id);
  }
  const rows = list.all();
  total.get();
  categories.all();
  const elapsed = performance.now() - started;
  if (rows.length !== count) throw new Error('raw list incomplete');
  db.close();
  fs.rmSync(dataDirectory, { recursive: true, force: true });
  return elapsed;
}

export async function benchIntegrationStorage(): Promise<BenchResult[]> {
  const backend: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < warmUpRounds; round += 1) {
    await throughBackend();
    rawSqlite();
  }
  // Alternate the two so that machine noise hits both alike.
  for (let round = 0; round < rounds; round += 1) {
    backend.push(await throughBackend());
    raw.push(rawSqlite());
  }
  return [
    ratioResult(
      'integrations: save + list 1,000 via backend vs raw better-sqlite3',
      backend,
      raw,
      1.5,
      'backend vs raw',
    ),
  ];
}
