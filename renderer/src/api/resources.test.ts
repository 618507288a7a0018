import { afterEach, describe, expect, it } from 'vitest';
import { callNames, type ApiEventMessage, type EventName, apiEvents } from '../../../shared/api/contract';
import { callsInvalidatedBy } from './eventInvalidation';
import { applyEventToCache, callKey, queryClient, setCallData } from './resources';

const configurationsChanged: ApiEventMessage = {
  name: 'configurations.changed',
  payload: {
    id: '00000000-0000-4000-8000-000000000001',
    integrationId: '00000000-0000-4000-8000-000000000002',
    change: 'updated',
  },
};

describe('the resource cache and backend events', () => {
  afterEach(() => queryClient.clear());

  it('names only calls that exist, for every event there is', () => {
    expect(Object.keys(callsInvalidatedBy).sort()).toEqual(Object.keys(apiEvents).sort());
    for (const names of Object.values(callsInvalidatedBy)) {
      for (const name of names) expect(callNames).toContain(name);
    }
  });

  it('marks stale every cached answer of the calls an event changes, whatever their input', async () => {
    setCallData('configurations.list', { integrationId: 'a' }, []);
    setCallData('configurations.list', { integrationId: 'b' }, []);
    await applyEventToCache(configurationsChanged);
    expect(
      queryClient.getQueryState(callKey('configurations.list', { integrationId: 'a' }))?.isInvalidated,
    ).toBe(true);
    expect(
      queryClient.getQueryState(callKey('configurations.list', { integrationId: 'b' }))?.isInvalidated,
    ).toBe(true);
  });

  it('leaves the answers of other calls as they are', async () => {
    setCallData('runbooks.list', { search: '', category: '' }, { items: [], total: 0 });
    setCallData('integrations.list', { search: '', category: '' }, { items: [], total: 0, categories: [] });
    await applyEventToCache(configurationsChanged);
    expect(
      queryClient.getQueryState(callKey('runbooks.list', { search: '', category: '' }))?.isInvalidated,
    ).toBe(false);
    expect(
      queryClient.getQueryState(callKey('integrations.list', { search: '', category: '' }))?.isInvalidated,
    ).toBe(false);
  });

  it('reads app.info again when a storage fault starts or ends', () => {
    const event: EventName = 'storage.changed';
    expect(callsInvalidatedBy[event]).toContain('app.info');
  });
});
