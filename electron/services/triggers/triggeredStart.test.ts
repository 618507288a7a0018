/** The Start step triggers follow and the schedule it gives the scheduler. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { RunbookRow } from '../db/repositories/runbookRepository';
import { scheduleEntryOf, triggeredStartOf } from './triggeredStart';

const graphWith = (schedule: object) =>
  runbookGraphSchema.parse({
    steps: [
      { id: 'start', name: 'Start', type: 'start', schedule },
      { id: 'end', name: 'End', type: 'end' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'end' }],
  });

const rowWith = (draft: unknown): RunbookRow => ({
  id: 'r',
  name: 'R',
  description: '',
  category: '',
  tags: [],
  draft,
  createdAt: '',
  updatedAt: '',
});

const published = graphWith({
  isEnabled: true,
  expression: '0 9 * * *',
  timeZone: 'Europe/Paris',
  isPaused: false,
});

describe('scheduleEntryOf', () => {
  it('gives the scheduler an enabled schedule, paused as inactive, and nothing for one that is off', () => {
    const start = triggeredStartOf(published, undefined);
    expect(scheduleEntryOf('r', start)).toEqual({
      runbookId: 'r',
      expression: '0 9 * * *',
      timeZone: 'Europe/Paris',
      isActive: true,
    });
    expect(scheduleEntryOf('r', start && { ...start, schedule: undefined })).toBeUndefined();
    expect(scheduleEntryOf('r', undefined)).toBeUndefined();
  });
});

describe('triggeredStartOf', () => {
  it('takes the draft’s pause at once, and ignores a draft that cannot be read', () => {
    const draft = graphWith({ isEnabled: true, expression: '* * * * *', timeZone: 'UTC', isPaused: true });
    const row = rowWith(draft);
    expect(scheduleEntryOf('r', triggeredStartOf(published, row))).toMatchObject({
      expression: '0 9 * * *',
      isActive: false,
    });
    const unreadable = rowWith({ steps: 'nope' });
    expect(scheduleEntryOf('r', triggeredStartOf(published, unreadable))?.isActive).toBe(true);
  });
});
