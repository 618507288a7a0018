import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../testSupport/temporaryBackend';
import { applicationId, openDatabase } from './database';
import { latestSchemaVersion, migrations } from './migrations';

const fingerprint = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const databaseFile = () => path.join(temporaryDirectory(), 'test.sqlite');

describe('openDatabase', () => {
  it('creates the schema with WAL and foreign keys on', () => {
    const db = openDatabase({ file: databaseFile() });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.pragma('application_id', { simple: true })).toBe(applicationId);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'integrations',
        'configurations',
        'configuration_secrets',
        'methods',
        'runbooks',
        'runbook_versions',
        'runs',
        'run_steps',
        'api_calls',
      ]),
    );
    db.close();
  });

  const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

  it.skipIf(process.platform === 'win32')(
    'creates the database and its -wal and -shm files readable by their owner only (0600)',
    () => {
      const file = databaseFile();
      const db = openDatabase({ file });
      db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
      db.close();
    },
  );

  it.skipIf(process.platform === 'win32')(
    'makes a database and -wal file others could read 0600 when it opens them',
    () => {
      const file = databaseFile();
      openDatabase({ file }).close();
      // A first connection keeps the -wal and -shm files there while the second one opens.
      const first = new BetterSqlite3(file);
      first.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();
      for (const name of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(name, 0o644);
      const db = openDatabase({ file });
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
      db.close();
      first.close();
    },
  );

  it('opens an existing database again without migrating twice', () => {
    const file = databaseFile();
    openDatabase({ file }).close();
    const db = openDatabase({ file });
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it unchanged', () => {
    const file = databaseFile();
    const raw = new BetterSqlite3(file);
    raw.pragma(`application_id = ${String(applicationId)}`);
    raw.pragma(`user_version = ${String(latestSchemaVersion + 5)}`);
    raw.close();
    const before = fingerprint(file);
    expect(() => openDatabase({ file })).toThrow(
      expect.objectContaining({ code: 'database_too_new', message: expect.stringMatching(/newer version/) }),
    );
    expect(fingerprint(file)).toBe(before);
  });

  it('refuses a corrupt file and leaves it unchanged', () => {
    const file = databaseFile();
    fs.writeFileSync(file, crypto.randomBytes(8192));
    const before = fingerprint(file);
    expect(() => openDatabase({ file })).toThrow(expect.objectContaining({ code: 'database_corrupt' }));
    expect(fingerprint(file)).toBe(before);
  });

  it('refuses a file whose pages are damaged behind a valid header', () => {
    const file = databaseFile();
    openDatabase({ file }).close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 100, 4096); // the schema page
    fs.writeFileSync(file, bytes);
    const before = fingerprint(file);
    expect(() => openDatabase({ file })).toThrow(expect.objectContaining({ code: 'database_corrupt' }));
    expect(fingerprint(file)).toBe(before);
  });

  it('refuses the SQLite database of another program and leaves it unchanged', () => {
    const file = databaseFile();
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE notes (id INTEGER)');
    raw.pragma('application_id = 42');
    raw.close();
    const before = fingerprint(file);
    expect(() => openDatabase({ file })).toThrow(
      expect.objectContaining({
        code: 'database_corrupt',
        message: expect.stringMatching(/another program/),
      }),
    );
    expect(fingerprint(file)).toBe(before);
  });

  it('refuses the SQLite database of a program that sets no application id, unchanged', () => {
    const file = databaseFile();
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE notes (id INTEGER)');
    raw.close();
    const before = fingerprint(file);
    expect(() => openDatabase({ file })).toThrow(/another program/);
    expect(fingerprint(file)).toBe(before);
  });

  it('applies only the migrations a file lacks and records the last in user_version', () => {
    const file = databaseFile();
    const first = openDatabase({ file });
    first.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();
    first.close();
    const next = {
      version: latestSchemaVersion + 1,
      name: 'add notes',
      sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY) STRICT;',
    };
    const db = openDatabase({ file, migrationList: [...migrations, next] });
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'notes'").get()).toEqual({
      n: 1,
    });
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    db.close();
  });

  it('rolls every migration back when one of them fails', () => {
    const file = databaseFile();
    const broken = [
      ...migrations,
      {
        version: latestSchemaVersion + 1,
        name: 'broken',
        sql: 'CREATE TABLE fine (id INTEGER); CREATE TABLE oops (',
      },
    ];
    expect(() => openDatabase({ file, migrationList: broken })).toThrow();
    const raw = new BetterSqlite3(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.pragma('application_id', { simple: true })).toBe(0);
    expect(raw.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual({ n: 0 });
    raw.close();
    // Nothing was half-done: the file opens normally once the migration is fixed.
    const db = openDatabase({ file });
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
  });

  it('deletes configurations and their secrets with their integration (foreign keys)', () => {
    const db = openDatabase({ file: databaseFile() });
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO integrations (id, name, name_key, category, created_at, updated_at) VALUES ('i1', 'A', 'a', 'PSA', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO configurations (id, integration_id, name, created_at, updated_at) VALUES ('c1', 'i1', 'Main', ?, ?)`,
    ).run(now, now);
    db.prepare(
      `INSERT INTO configuration_secrets (configuration_id, field, ciphertext, updated_at) VALUES ('c1', 'token', x'00', ?)`,
    ).run(now);
    db.prepare("DELETE FROM integrations WHERE id = 'i1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM configuration_secrets').get()).toEqual({ n: 0 });
    db.close();
  });

  it('looks up the rows of every foreign key by an index, so deleting a parent scans no table', () => {
    // SQLite finds the rows a deleted parent cascades to (or sets null) as this query would: by
    // an index on the child column when there is one, else by reading the whole child table —
    // once per parent row (deleting a runbook of 20,000 runs took 24 s before migration 14).
    const db = openDatabase({ file: databaseFile() });
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all();
    const plans: string[] = [];
    for (const table of tables) {
      const keys = db.pragma(`foreign_key_list(${table})`) as { from: string; table: string }[];
      for (const key of keys) {
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM ${table} WHERE ${key.from} = ?`)
          .all('x') as { detail: string }[];
        plans.push(`${table}.${key.from}: ${plan.map((step) => step.detail).join('; ')}`);
      }
    }
    expect(plans.length).toBeGreaterThan(20);
    expect(plans.filter((plan) => !/: SEARCH \S+ USING (COVERING )?INDEX /.test(plan))).toEqual([]);
    db.close();
  });
});
