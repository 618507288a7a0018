import { describe, expect, it } from 'vitest';
import { methodDefinition, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import { createIntegrationRepository } from './integrationRepository';
import { createMethodRepository } from './methodRepository';
import { createRunbookRepository, type RunbookRow } from './runbookRepository';

const runbook = (overrides: Partial<RunbookRow>): RunbookRow => ({
  id: 'r1',
  name: 'Onboard user',
  description: '',
  category: '',
  tags: [],
  draft: { steps: [] },
  createdAt: timestamp,
  updatedAt: timestamp,
  ...overrides,
});

describe('runbook repository', () => {
  it('stores a runbook with its draft graph and tags', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({ tags: ['m365', 'users'], draft: { steps: [{ id: 'start' }] } }));
    expect(runbooks.get('r1')).toMatchObject({
      tags: ['m365', 'users'],
      draft: { steps: [{ id: 'start' }] },
    });
  });

  it('searches name, description and tags, and filters by category', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({ id: 'a', name: 'Onboard user', category: 'Identity', tags: ['m365'] }));
    runbooks.insert(
      runbook({ id: 'b', name: 'Close ticket', description: 'Ends a PSA ticket', category: 'PSA' }),
    );
    const names = (search: string, category = '') =>
      runbooks.list({ search, category, limit: 50 }).map((row) => row.name);
    expect(names('m365')).toEqual(['Onboard user']);
    expect(names('psa ticket')).toEqual(['Close ticket']);
    expect(names('', 'Identity')).toEqual(['Onboard user']);
    expect(names('')).toEqual(['Close ticket', 'Onboard user']);
  });

  it('names the runbooks using an integration’s methods', () => {
    const db = temporaryDatabase();
    const runbooks = createRunbookRepository(db);
    createMethodRepository(db).insert({
      id: 'm1',
      integrationId: 'integration-1',
      definition: methodDefinition(),
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    runbooks.insert(runbook({}));
    runbooks.setMethodRefs('r1', ['m1', 'm1']);
    expect(runbooks.methodRefs('r1')).toEqual(['m1']);
    expect(createIntegrationRepository(db).runbooksUsing('integration-1')).toEqual([
      { id: 'r1', name: 'Onboard user' },
    ]);
    runbooks.setMethodRefs('r1', []);
    expect(createIntegrationRepository(db).runbooksUsing('integration-1')).toEqual([]);
  });

  it('updates and deletes a runbook', () => {
    const runbooks = createRunbookRepository(temporaryDatabase());
    runbooks.insert(runbook({}));
    expect(runbooks.update({ ...runbook({ name: 'Offboard user' }) })).toBe(true);
    expect(runbooks.get('r1')?.name).toBe('Offboard user');
    expect(runbooks.delete('r1')).toBe(true);
    expect(runbooks.get('r1')).toBeUndefined();
  });
});
