import { describe, expect, it } from 'vitest';
import { temporaryDatabase } from '../../testSupport/temporaryDatabase';
import { createApiCallRepository } from './apiCallRepository';

const call = (at: string) => ({
  integrationId: 'integration-1',
  methodId: null,
  at,
  httpMethod: 'GET',
  url: 'http://127.0.0.1/tickets?api_key=••••',
  status: 200,
  durationMs: 12.6,
  attempts: 1,
  error: null,
});

describe('api call repository', () => {
  it('counts calls today, in the last seven days and in all', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    const now = new Date(2026, 10, 23, 15, 0, 0);
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
    for (const at of [hoursAgo(1), hoursAgo(2), hoursAgo(30), hoursAgo(24 * 6), hoursAgo(24 * 30)])
      calls.record(call(at));
    expect(calls.counts('integration-1', now)).toEqual({ today: 2, lastSevenDays: 4, total: 5 });
  });

  it('lists the most recent calls first, bounded', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    calls.record(call('2026-11-23T10:00:00.000Z'));
    calls.record(call('2026-11-23T11:00:00.000Z'));
    const recent = calls.recent('integration-1', 1);
    expect(recent).toHaveLength(1);
    expect(recent[0]).toMatchObject({ at: '2026-11-23T11:00:00.000Z', durationMs: 13, status: 200 });
  });
});
