import { QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { callNames, type ApiEventMessage, type EventName, apiEvents } from '../../../shared/api/contract';
import { callsChangedOnlyHere, callsInvalidatedBy } from './eventInvalidation';
import {
  applyEventToCache,
  callKey,
  invalidateEverything,
  queryClient,
  setCallData,
  setCallDataFromEvent,
} from './resources';

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
    for (const name of callsChangedOnlyHere) expect(callNames).toContain(name);
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

  it('keeps what an event carried when a read begun before it answers after it', async () => {
    const key = callKey('settings.get', {});
    let answerRead: (value: unknown) => void = () => undefined;
    const read = queryClient.fetchQuery({
      queryKey: key,
      queryFn: () => new Promise((resolve) => (answerRead = resolve)),
    });
    const now = { theme: 'dark' } as never;
    setCallDataFromEvent('settings.get', {}, now);
    answerRead({ theme: 'light' });
    await read.catch(() => undefined);
    expect(queryClient.getQueryData(key)).toBe(now);
    expect(queryClient.getQueryState(key)?.fetchStatus).toBe('idle');
  });

  it('reads app.info again when a storage fault starts or ends', () => {
    const event: EventName = 'storage.changed';
    expect(callsInvalidatedBy[event]).toContain('app.info');
  });
});

const integrationsChanged: ApiEventMessage = {
  name: 'integrations.changed',
  payload: { id: '00000000-0000-4000-8000-000000000003', change: 'updated' },
};

/** An integrations list on screen whose reads the test counts and may hold. */
function watchIntegrationsList() {
  const state = { reads: 0, held: [] as (() => void)[], isHolding: false };
  const observer = new QueryObserver(queryClient, {
    queryKey: callKey('integrations.list', { search: '', category: '' }),
    queryFn: () => {
      state.reads += 1;
      const answer = { items: [], total: state.reads, categories: [] };
      if (!state.isHolding) return Promise.resolve(answer);
      return new Promise<typeof answer>((resolve) => state.held.push(() => resolve(answer)));
    },
    staleTime: Infinity,
  });
  const unsubscribe = observer.subscribe(() => undefined);
  const settled = () =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (queryClient.isFetching() === 0) resolve();
        else setTimeout(check, 1);
      };
      check();
    });
  return { state, unsubscribe, settled };
}

describe('a burst of events', () => {
  afterEach(() => queryClient.clear());

  it('reads an answer on screen once for a thousand events that make it stale', async () => {
    const watched = watchIntegrationsList();
    await watched.settled();
    expect(watched.state.reads).toBe(1);
    const flushes = Array.from({ length: 1_000 }, () => applyEventToCache(integrationsChanged));
    await Promise.all(flushes);
    await watched.settled();
    expect(watched.state.reads).toBe(2);
    watched.unsubscribe();
  });

  it('reads once more after a read in flight, however many events came while it was out', async () => {
    const watched = watchIntegrationsList();
    await watched.settled();
    watched.state.isHolding = true;
    await applyEventToCache(integrationsChanged);
    expect(watched.state.reads).toBe(2);
    // Events in later frames, while that read is held: none starts another read yet.
    for (let frame = 0; frame < 5; frame += 1) {
      await Promise.all(Array.from({ length: 200 }, () => applyEventToCache(integrationsChanged)));
    }
    expect(watched.state.reads).toBe(2);
    watched.state.isHolding = false;
    for (const release of watched.state.held.splice(0)) release();
    await watched.settled();
    expect(watched.state.reads).toBe(3);
    watched.unsubscribe();
  });
});

describe('the event stream coming back', () => {
  afterEach(() => queryClient.clear());

  it('reads again every answer on screen and marks the others stale', async () => {
    const watched = watchIntegrationsList();
    await watched.settled();
    setCallData('runbooks.list', { search: '', category: '' }, { items: [], total: 0 });
    await invalidateEverything();
    await watched.settled();
    expect(watched.state.reads).toBe(2);
    expect(
      queryClient.getQueryState(callKey('runbooks.list', { search: '', category: '' }))?.isInvalidated,
    ).toBe(true);
    watched.unsubscribe();
  });
});
