/** Test support: a migrated database file in a temp folder, with one integration in it. */
import path from 'node:path';
import { afterEach } from 'vitest';
import { methodDefinitionSchema, type MethodDefinition } from '../../../shared/domain/method';
import { openDatabase, type Database } from '../db/database';
import { createIntegrationRepository } from '../db/repositories/integrationRepository';
import { createRunbookRepository, type RunbookRow } from '../db/repositories/runbookRepository';
import { temporaryDirectory } from './temporaryBackend';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

export const timestamp = '2026-11-23T10:00:00.000Z';

export function temporaryDatabase(): Database {
  const db = openDatabase({ file: path.join(temporaryDirectory(), 'test.sqlite') });
  open.push(db);
  createIntegrationRepository(db).insert({
    id: 'integration-1',
    name: 'HaloPSA',
    category: 'PSA',
    description: '',
    notes: '',
    versionLabel: '',
    createdAt: timestamp,
    updatedAt: timestamp,
  });
  return db;
}

export function methodDefinition(overrides: Partial<MethodDefinition> = {}): MethodDefinition {
  return methodDefinitionSchema.parse({
    name: 'Get ticket',
    httpMethod: 'GET',
    path: '/tickets/{id}',
    ...overrides,
  });
}

/** A runbook's row, "r1" unless told otherwise. */
export function runbookRow(overrides: Partial<RunbookRow> = {}): RunbookRow {
  return {
    id: 'r1',
    name: 'Onboard',
    description: '',
    category: '',
    tags: [],
    draft: {},
    createdAt: timestamp,
    updatedAt: timestamp,
    ...overrides,
  };
}

/** Adds a runbook "r1" for tests of the tables that hang off runbooks. */
export function insertRunbook(db: Database): void {
  createRunbookRepository(db).insert(runbookRow());
}
