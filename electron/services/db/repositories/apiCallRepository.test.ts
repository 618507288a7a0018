import { describe, expect, it } from 'vitest';
import { methodDefinition, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import { createApiCallRepository, type ApiCallRecord } from './apiCallRepository';
import { createIntegrationRepository } from './integrationRepository';
import { createMethodRepository } from './methodRepository';

const call = (at: string, overrides: Partial<ApiCallRecord> = {}): ApiCallRecord => ({
  integrationId: 'integration-1',
  methodId: null,
  runId: null,
  at,
  httpMethod: 'GET',
  url: 'http://127.0.0.1/tickets?api_key=••••',
  status: 200,
  durationMs: 12.6,
  attempts: 1,
  error: null,
  ...overrides,
});

// 15:00 local time, so "today" covers the last 15 hours whatever the time zone.
const now = new Date(2026, 10, 23, 15, 0, 0);
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

describe('api call repository', () => {
  it('counts calls today, in the last seven days and in all', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    for (const at of [hoursAgo(1), hoursAgo(14), hoursAgo(16), hoursAgo(24 * 6), hoursAgo(24 * 8)]) {
      calls.record(call(at));
    }
    expect(calls.counts('integration-1', now)).toEqual({ today: 2, lastSevenDays: 4, total: 5 });
  });

  it('counts nothing for an integration without calls', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    expect(calls.counts('integration-1', now)).toEqual({ today: 0, lastSevenDays: 0, total: 0 });
  });

  it('counts only the calls of the integration asked for', () => {
    const db = temporaryDatabase();
    createIntegrationRepository(db).insert({
      id: 'integration-2',
      name: 'NinjaOne',
      category: 'RMM',
      description: '',
      notes: '',
      versionLabel: '',
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    const calls = createApiCallRepository(db);
    calls.record(call(hoursAgo(1)));
    calls.record(call(hoursAgo(1), { integrationId: 'integration-2' }));
    calls.record(call(hoursAgo(2), { integrationId: 'integration-2' }));
    expect(calls.counts('integration-2', now)).toEqual({ today: 2, lastSevenDays: 2, total: 2 });
    expect(calls.recent('integration-1', 10)).toHaveLength(1);
  });

  it('counts a time written with an offset the same as in UTC', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    const oneHourAgo = new Date(now.getTime() - 3_600_000);
    calls.record(call(oneHourAgo.toISOString().replace('Z', '+00:00').replace('.000', '')));
    expect(calls.counts('integration-1', now).today).toBe(1);
    expect(calls.recent('integration-1', 1)[0]?.at).toBe(oneHourAgo.toISOString());
  });

  it('lists the most recent calls first, bounded, with whole milliseconds', () => {
    const calls = createApiCallRepository(temporaryDatabase());
    calls.record(call('2026-11-23T10:00:00.000Z'));
    calls.record(
      call('2026-11-23T11:00:00.000Z', { status: null, error: 'connection refused', attempts: 3 }),
    );
    calls.record(call('2026-11-23T09:00:00.000Z'));
    const recent = calls.recent('integration-1', 2);
    expect(recent.map((entry) => entry.at)).toEqual(['2026-11-23T11:00:00.000Z', '2026-11-23T10:00:00.000Z']);
    expect(recent[0]).toMatchObject({
      integrationId: 'integration-1',
      methodId: null,
      httpMethod: 'GET',
      url: 'http://127.0.0.1/tickets?api_key=••••',
      status: null,
      durationMs: 13,
      attempts: 3,
      error: 'connection refused',
    });
  });

  it('keeps a call when its method is deleted, without the method', () => {
    const db = temporaryDatabase();
    createMethodRepository(db).insert({
      id: 'm1',
      integrationId: 'integration-1',
      definition: methodDefinition(),
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    const calls = createApiCallRepository(db);
    calls.record(call(timestamp, { methodId: 'm1' }));
    createMethodRepository(db).delete('m1');
    expect(calls.recent('integration-1', 1)[0]?.methodId).toBeNull();
  });

  it('goes with its integration', () => {
    const db = temporaryDatabase();
    const calls = createApiCallRepository(db);
    calls.record(call(timestamp));
    createIntegrationRepository(db).delete('integration-1');
    expect(calls.counts('integration-1', now).total).toBe(0);
  });
});
