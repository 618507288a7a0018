/**
 * What a worker needs to run a run, taken from the main's database when the run is queued: the
 * rows of the integration side (integrations, their configurations, the methods the run's
 * runbooks send, and the keyring) copied as they are stored — secrets stay the ciphertext the
 * team's key opens — plus the runbooks its Run runbook steps start, as the main would load them.
 * The worker writes the rows into a replica database of the same schema and runs the same
 * services over it (workerRuntime.ts).
 */
import crypto from 'node:crypto';
import type { Database } from '../db/database';
import type { EngineCapabilities } from '../engine/executionContext';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import {
  configReferencesOfSteps,
  methodIdsOf,
  referencedIdsOf,
} from '../../../shared/runbook/graphReferences';

/** A table's rows, each value as SQLite gave it (BLOBs as base64 under `$b64`). */
type Rows = Record<string, unknown>[];

/** A runbook a Run runbook step starts, as `loadRunbook` answered on the main. */
export type LoadedRunbook = NonNullable<ReturnType<EngineCapabilities['loadRunbook']>>;

export interface RunSnapshot {
  /** The schema the rows were read with: a worker of another version refuses the run. */
  schemaVersion: number;
  /** Table name → rows, in an order that satisfies the foreign keys. */
  rows: [string, Rows][];
  /** `published:<id>` or `draft:<id>` → the runbook a step of the run may start. */
  runbooks: Record<string, LoadedRunbook | null>;
  /** Names the rows: equal snapshots share one replica on a worker. */
  digest: string;
}

/**
 * The rows of the integration side a run can reach, parents first: the keyring whole; the
 * integrations its methods belong to and those its methods' and steps' `{{config.<prefix>.…}}`
 * placeholders read, with their secrets, configurations and cached tokens. Other integrations' rows stay on the main.
 * Every client's configurations of those integrations go: the runs of a group across clients then
 * take one snapshot, and a worker one replica for them all (a replica is a database of its own).
 */
const snapshotQueries: [table: string, sql: string][] = [
  ['keyring', 'SELECT * FROM keyring'],
  ['integrations', 'SELECT * FROM integrations WHERE id IN (SELECT value FROM json_each(@integrations))'],
  ...['integration_secrets', 'configurations'].map((table): [string, string] => [
    table,
    `SELECT * FROM ${table} WHERE integration_id IN (SELECT value FROM json_each(@integrations))`,
  ]),
  ...['configuration_secrets', 'oauth_tokens'].map((table): [string, string] => [
    table,
    `SELECT * FROM ${table} WHERE configuration_id IN (SELECT id FROM configurations
       WHERE integration_id IN (SELECT value FROM json_each(@integrations)))`,
  ]),
];

/** The variable prefixes a method's stored definition reads with `{{config.<prefix>.…}}`. */
const configPrefixPattern = /\{\{\s*config\.([^.\s}]+)\./g;

const deepestChain = 6;

/** The key under which a runbook is looked up, as the engine asks for it. */
export function loadedRunbookKey(runbookId: string, isPublishedRun: boolean): string {
  return `${isPublishedRun ? 'published' : 'draft'}:${runbookId}`;
}

/** Reads the snapshot of a run of `graph` (a published version's when `isPublishedRun`). */
export function takeRunSnapshot(
  db: Database,
  graph: RunbookGraph,
  isPublishedRun: boolean,
  loadRunbook: EngineCapabilities['loadRunbook'],
): RunSnapshot {
  const runbooks: Record<string, LoadedRunbook | null> = {};
  const graphs = [graph];
  const visit = (current: RunbookGraph, isPublished: boolean, depth: number) => {
    if (depth > deepestChain) return;
    for (const step of current.steps) {
      for (const runbookId of referencedIdsOf(step).runbookIds) {
        const key = loadedRunbookKey(runbookId, isPublished);
        if (key in runbooks) continue;
        const loaded = loadRunbook(runbookId, { isPublishedRun: isPublished }) ?? null;
        runbooks[key] = loaded;
        if (loaded === null) continue;
        graphs.push(loaded.graph);
        visit(loaded.graph, loaded.versionId !== null, depth + 1);
      }
    }
  };
  visit(graph, isPublishedRun, 0);
  const methodIds = [...new Set(graphs.flatMap((each) => methodIdsOf(each.steps)))];
  const selectMethod = db.prepare('SELECT * FROM methods WHERE id = ?');
  const methods: Rows = methodIds.flatMap((id): Rows => {
    const row = selectMethod.get(id) as Rows[number] | undefined;
    return row === undefined ? [] : [row];
  });
  const stepPrefixes = graphs.flatMap((each) =>
    configReferencesOfSteps(each.steps).map(([prefix]) => prefix),
  );
  const parameters = { integrations: JSON.stringify(integrationsReached(db, methods, stepPrefixes)) };
  const rows: [string, Rows][] = snapshotQueries.map(([table, sql]) => [
    table,
    encodeRows(db.prepare(sql).all(parameters) as Rows),
  ]);
  rows.push(['methods', encodeRows(methods)]);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const digest = crypto
    .createHash('sha256')
    .update(JSON.stringify([schemaVersion, rows, runbooks]))
    .digest('hex')
    .slice(0, 32);
  return { schemaVersion, rows, runbooks, digest };
}

/**
 * The integrations of the methods, and those their definitions or the steps' templates
 * (`stepPrefixes`) read `{{config.…}}` values of.
 */
function integrationsReached(db: Database, methods: Rows, stepPrefixes: readonly string[]): string[] {
  const prefixes = new Set<string>(stepPrefixes);
  for (const method of methods)
    for (const text of [String(method.path), String(method.definition)])
      for (const match of text.matchAll(configPrefixPattern)) prefixes.add(match[1] ?? '');
  const byPrefix = db.prepare<[string], { id: string }>(
    "SELECT id FROM integrations WHERE variable_prefix = ? AND variable_prefix != ''",
  );
  const read = [...prefixes].flatMap((prefix) => byPrefix.all(prefix).map((row) => row.id));
  return [...new Set([...methods.map((method) => String(method.integration_id)), ...read])];
}

/** Writes a snapshot's rows into an empty replica database, in one transaction. */
export function writeRunSnapshot(db: Database, snapshot: RunSnapshot): void {
  db.transaction(() => {
    for (const [table, rows] of snapshot.rows) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`a snapshot names an odd table: ${table}`);
      for (const row of rows) {
        const columns = Object.keys(row);
        if (!columns.every((column) => /^[a-z_]+$/.test(column)))
          throw new Error(`a snapshot row of ${table} names an odd column`);
        db.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ).run(...columns.map((column) => decodeValue(row[column])));
      }
    }
  })();
}

function encodeRows(rows: Rows): Rows {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [
        column,
        Buffer.isBuffer(value) ? { $b64: value.toString('base64') } : value,
      ]),
    ),
  );
}

function decodeValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$b64' in value)
    return Buffer.from(String((value as { $b64: unknown }).$b64), 'base64');
  return value;
}
