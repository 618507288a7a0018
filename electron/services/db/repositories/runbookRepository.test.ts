import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  methodDefinition,
  runbookRow,
  temporaryDatabase,
  timestamp,
} from '../../testSupport/temporaryDatabase';
import type { Database } from '../database';
import { createIntegrationRepository } from './integrationRepository';
import { createMethodRepository } from './methodRepository';
import { createWriteNotices } from '../writeNotices';
import {
  createRunbookRepository,
  type RunbookRepository,
  type RunbookRow,
  type RunbookWrite,
} from './runbookRepository';

const runbook = (overrides: Partial<RunbookRow> = {}): RunbookRow =>
  runbookRow({ name: 'Onboard user', draft: { steps: [] }, ...overrides });

function addMethods(db: Database, ...ids: string[]): void {
  const methods = createMethodRepository(db);
  for (const id of ids) {
    methods.insert({
      id,
      integrationId: 'integration-1',
      definition: methodDefinition({ name: id }),
      createdAt: timestamp,
      updatedAt: timestamp,
    });
  }
}

const names = (runbooks: RunbookRepository, search: string, category = '') =>
  runbooks.list({ search, category, limit: 50 }).items.map((row) => row.name);

describe('runbook repository', () => {
  it('stores a runbook with its draft graph and tags', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    const stored = runbook({ tags: ['m365', 'users'], draft: { steps: [{ id: 'start' }] } });
    runbooks.insert(stored);
    expect(runbooks.get('r1')).toEqual(stored);
  });

  it('finds a runbook by name, case-insensitively', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook());
    expect(runbooks.findIdByName('  ONBOARD user ')).toBe('r1');
    expect(runbooks.findIdByName('Offboard user')).toBeUndefined();
  });

  it('refuses a second runbook with the same name in another case', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook());
    expect(() => runbooks.insert(runbook({ id: 'r2', name: 'onboard USER' }))).toThrow(/UNIQUE/);
  });

  it('searches name, description and tags, case-insensitively', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({ id: 'a', name: 'Onboard user', tags: ['m365'] }));
    runbooks.insert(runbook({ id: 'b', name: 'Close ticket', description: 'Ends a PSA ticket' }));
    expect(names(runbooks, 'M365')).toEqual(['Onboard user']);
    expect(names(runbooks, 'psa ticket')).toEqual(['Close ticket']);
    expect(names(runbooks, 'ONBOARD')).toEqual(['Onboard user']);
    expect(names(runbooks, '')).toEqual(['Close ticket', 'Onboard user']);
  });

  it('treats % and _ in a search as plain characters', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({ id: 'a', name: '100% done' }));
    runbooks.insert(runbook({ id: 'b', name: 'a_b' }));
    runbooks.insert(runbook({ id: 'c', name: 'axb' }));
    expect(names(runbooks, '%')).toEqual(['100% done']);
    expect(names(runbooks, 'a_b')).toEqual(['a_b']);
  });

  it('matches tags one by one, never the JSON between them', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({ tags: ['alpha', 'beta'] }));
    expect(names(runbooks, '","')).toEqual([]);
    expect(names(runbooks, 'ha')).toEqual(['Onboard user']);
  });

  it('filters by category and lists the categories in use', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({ id: 'a', name: 'Onboard user', category: 'Identity' }));
    runbooks.insert(runbook({ id: 'b', name: 'Close ticket', category: 'PSA' }));
    runbooks.insert(runbook({ id: 'c', name: 'Uncategorised' }));
    expect(names(runbooks, '', 'Identity')).toEqual(['Onboard user']);
    expect(runbooks.categories()).toEqual(['Identity', 'PSA']);
  });

  it('bounds a listing by its limit, counts every match and leaves the drafts out', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    for (const name of ['A', 'B', 'C']) runbooks.insert(runbook({ id: name, name }));
    const result = runbooks.list({ search: '', category: '', limit: 2 });
    expect(result.total).toBe(3);
    expect(result.items.map((row) => row.name)).toEqual(['A', 'B']);
    expect(result.items[0]).not.toHaveProperty('draft');
  });

  it('updates a runbook’s details', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook());
    expect(runbooks.update(runbook({ name: 'Offboard user', tags: ['leavers'] }))).toBe(true);
    expect(runbooks.get('r1')).toMatchObject({ name: 'Offboard user', tags: ['leavers'] });
    expect(runbooks.findIdByName('offboard user')).toBe('r1');
  });

  it('saves the draft alone, keeping the details', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({ description: 'kept' }));
    const draft = { steps: [{ id: 'start' }, { id: 'end' }], edges: [['start', 'end']] };
    expect(runbooks.updateDraft('r1', draft, '2026-11-24T00:00:00.000Z')).toBe(true);
    expect(runbooks.get('r1')).toMatchObject({
      description: 'kept',
      draft,
      updatedAt: '2026-11-24T00:00:00.000Z',
    });
    expect(runbooks.updateDraft('missing', draft, timestamp)).toBe(false);
  });

  it('deletes a runbook', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook());
    expect(runbooks.delete('r1')).toBe(true);
    expect(runbooks.get('r1')).toBeUndefined();
    expect(runbooks.delete('r1')).toBe(false);
  });

  it('replaces the methods a runbook uses, once each', () => {
    const db = temporaryDatabase();
    addMethods(db, 'm1', 'm2', 'm3');
    const runbooks = createRunbookRepository(db);
    runbooks.insert(runbook());
    runbooks.setMethodRefs('r1', ['m2', 'm1', 'm2']);
    expect(runbooks.methodRefs('r1')).toEqual(['m1', 'm2']);
    runbooks.setMethodRefs('r1', ['m3']);
    expect(runbooks.methodRefs('r1')).toEqual(['m3']);
  });

  it('keeps the previous method references when a new set names an unknown method', () => {
    const db = temporaryDatabase();
    addMethods(db, 'm1');
    const runbooks = createRunbookRepository(db);
    runbooks.insert(runbook());
    runbooks.setMethodRefs('r1', ['m1']);
    expect(() => runbooks.setMethodRefs('r1', ['missing'])).toThrow(/FOREIGN KEY/);
    expect(runbooks.methodRefs('r1')).toEqual(['m1']);
  });

  it('names the runbooks using an integration’s methods, until the references go', () => {
    const db = temporaryDatabase();
    addMethods(db, 'm1');
    const runbooks = createRunbookRepository(db);
    runbooks.insert(runbook());
    runbooks.setMethodRefs('r1', ['m1']);
    const integrations = createIntegrationRepository(db);
    expect(integrations.runbooksUsing('integration-1')).toEqual([{ id: 'r1', name: 'Onboard user' }]);
    runbooks.setMethodRefs('r1', []);
    expect(integrations.runbooksUsing('integration-1')).toEqual([]);
  });

  it('drops a reference when its method is deleted, keeping the runbook', () => {
    const db = temporaryDatabase();
    addMethods(db, 'm1', 'm2');
    const runbooks = createRunbookRepository(db);
    runbooks.insert(runbook());
    runbooks.setMethodRefs('r1', ['m1', 'm2']);
    createMethodRepository(db).delete('m1');
    expect(runbooks.methodRefs('r1')).toEqual(['m2']);
    expect(runbooks.get('r1')).toBeDefined();
  });
  it('searches thousands of runbooks by name, description and tag, within a category', () => {
    const db = temporaryDatabase();
    const runbooks = createRunbookRepository(db);
    const categories = ['Tickets', 'Users', 'Reports'];
    db.transaction(() => {
      for (let index = 0; index < 3_000; index += 1) {
        runbooks.insert(
          runbook({
            id: `r${String(index)}`,
            name: `Runbook ${String(index).padStart(4, '0')}`,
            description: index % 100 === 0 ? 'Disables a leaver everywhere' : 'Routine work',
            category: categories[index % 3] ?? '',
            tags: index % 250 === 0 ? ['quarterly', 'audit'] : ['daily'],
          }),
        );
      }
    })();
    const search = (text: string, category = '') => runbooks.list({ search: text, category, limit: 5_000 });
    expect(search('leaver').total).toBe(30);
    expect(search('AUDIT').total).toBe(12);
    expect(search('audit', 'Tickets').items.map((row) => row.name)).toEqual([
      'Runbook 0000',
      'Runbook 0750',
      'Runbook 1500',
      'Runbook 2250',
    ]);
    expect(search('Runbook 2999').items.map((row) => row.category)).toEqual(['Reports']);
    expect(search('', 'Users').total).toBe(1_000);
    // Wildcards typed by the user are text, not patterns.
    expect(search('%').total).toBe(0);
  });
});

describe('runbook repository change notices', () => {
  it('tells whoever keeps a copy after each write that changed a runbook, and only then', () => {
    const notices: string[] = [];
    const writes = createWriteNotices<RunbookWrite>();
    writes.onDidWrite(({ id, change }) => notices.push(`${id} ${change}`));
    const runbooks = createRunbookRepository(temporaryDatabase(), writes);
    runbooks.insert(runbook());
    runbooks.update({ ...runbook(), name: 'Offboard user' });
    runbooks.updateDraft('r1', { steps: [] }, timestamp);
    runbooks.update({ ...runbook({ id: 'gone' }) });
    runbooks.delete('r1');
    runbooks.delete('r1');
    expect(notices).toEqual(['r1 created', 'r1 updated', 'r1 updated', 'r1 deleted']);
  });
});

describe('runbook rows read again', () => {
  it('are kept until this repository writes them, and are frozen', () => {
    const db = temporaryDatabase();
    const runbooks = createRunbookRepository(db);
    runbooks.insert(runbook());
    const first = runbooks.get('r1');
    expect(runbooks.get('r1')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.tags)).toBe(true);
    runbooks.updateDraft('r1', { steps: [{ id: 'a' }] }, timestamp);
    expect(runbooks.get('r1')?.draft).toEqual({ steps: [{ id: 'a' }] });
    runbooks.update({ ...runbook(), name: 'Renamed' });
    expect(runbooks.get('r1')?.name).toBe('Renamed');
    runbooks.delete('r1');
    expect(runbooks.get('r1')).toBeUndefined();
  });

  it('are read anew once another connection (another process) has changed the database', async () => {
    const db = temporaryDatabase();
    const runbooks = createRunbookRepository(db);
    runbooks.insert(runbook());
    expect(runbooks.get('r1')?.name).toBe('Onboard user');
    const other = new BetterSqlite3(db.name);
    other.prepare("UPDATE runbooks SET name = 'Changed elsewhere' WHERE id = 'r1'").run();
    other.close();
    // Asked once for the code running now (dataVersion.ts): seen once it has yielded.
    await Promise.resolve();
    expect(runbooks.get('r1')?.name).toBe('Changed elsewhere');
  });

  it('are not kept from inside a transaction that is then undone', () => {
    const db = temporaryDatabase();
    const runbooks = createRunbookRepository(db);
    runbooks.insert(runbook());
    expect(() =>
      db.transaction(() => {
        runbooks.update({ ...runbook(), name: 'Undone' });
        expect(runbooks.get('r1')?.name).toBe('Undone');
        throw new Error('undo');
      })(),
    ).toThrow('undo');
    expect(runbooks.get('r1')?.name).toBe('Onboard user');
  });
});
