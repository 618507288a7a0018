/**
 * Server data in the window, in one place: every read is a contract call cached under the key
 * `[call name, input]` (TanStack Query), shared by every component that asks for it, and marked
 * stale when a backend event says its data changed (see eventInvalidation.ts). Pages read with
 * `useCall` instead of keeping their own copy in `useState` and reloading it.
 */
import { keepPreviousData, QueryClient, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiEventMessage, CallInput, CallName, CallOutput } from '../../../shared/api/contract';
import { api } from './client';
import { sharedStructure } from './sharedStructure';
import { callsChangedOnlyHere, callsInvalidatedBy, callsKeptFreshByEvents } from './eventInvalidation';

/**
 * Answers kept fresh by events stay fresh until an event says otherwise (refetching on focus or a
 * timer would only repeat them); a failed read is shown, not retried behind the user's back.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      // TanStack's own loses a "__proto__" key of a changed answer (sharedStructure.ts).
      structuralSharing: sharedStructure,
    },
  },
});

/** The cache key of one call; a prefix `[name]` matches every input of that call. */
export function callKey<K extends CallName>(name: K, input: CallInput<K>): readonly [K, CallInput<K>] {
  return [name, input];
}

/** How the cache reads a call: its key, the call, and how long its answer may be trusted. */
export function callQuery<K extends CallName>(name: K, input: CallInput<K>) {
  return {
    queryKey: callKey(name, input),
    queryFn: () => api.call(name, input),
    // Only what an event announces (or only this window changes) may be trusted until then; the
    // rest is read again on mount.
    staleTime: callsKeptFreshByEvents.has(name) || callsChangedOnlyHere.has(name) ? Infinity : 0,
  };
}

/** Reads a call's answer from the shared cache, fetching it when nobody has yet. */
export function useCall<K extends CallName>(
  name: K,
  input: CallInput<K>,
  options: { isEnabled?: boolean; keepPrevious?: boolean } = {},
): UseQueryResult<CallOutput<K>> {
  return useQuery({
    ...callQuery(name, input),
    enabled: options.isEnabled ?? true,
    // A list being filtered keeps showing the previous answer until the new one arrives.
    placeholderData: options.keepPrevious === true ? keepPreviousData : undefined,
  });
}

/** Reads a call through the cache now, whatever it holds (e.g. before editing what it answers). */
export function fetchCall<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  return queryClient.fetchQuery({ ...callQuery(name, input), staleTime: 0 });
}

/** The answer the cache holds for a call, if any. */
export function getCallData<K extends CallName>(name: K, input: CallInput<K>): CallOutput<K> | undefined {
  return queryClient.getQueryData<CallOutput<K>>(callKey(name, input));
}

/** Puts an answer this window already has (e.g. what a save returned) into the cache. */
export function setCallData<K extends CallName>(name: K, input: CallInput<K>, data: CallOutput<K>): void {
  queryClient.setQueryData(callKey(name, input), data);
}

/**
 * Puts what an event carries — the answer as it is now — into the cache. A read of the same
 * answer still in flight is cancelled first: begun before the change, it would land after the
 * event and put the older answer back, with no event left to correct it (a run group's page
 * stayed "running" after its last run ended, when the group ended while the page first read it).
 */
export function setCallDataFromEvent<K extends CallName>(
  name: K,
  input: CallInput<K>,
  data: CallOutput<K>,
): void {
  const queryKey = callKey(name, input);
  void queryClient.cancelQueries({ queryKey, exact: true });
  queryClient.setQueryData(queryKey, data);
}

/** Marks every cached answer of these calls stale; the ones on screen are fetched again. */
export function invalidateCalls(names: readonly CallName[]): Promise<void> {
  return Promise.all(names.map((name) => queryClient.invalidateQueries({ queryKey: [name] }))).then(
    () => undefined,
  );
}

/** Calls events made stale since the last flush: a burst of events is one refetch per answer. */
const pendingNames = new Set<CallName>();
let pendingFlush: Promise<void> | null = null;
/** Answers made stale while being fetched: what is coming may predate the change, so read once more. */
const staleWhileFetching = new Set<string>();

/** Runs `flush` before the next frame is drawn (a moment later where nothing is drawn). */
function beforeNextFrame(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  else setTimeout(flush, 16);
}

/**
 * Marks stale, once per frame, every call named since the last one. An answer being fetched is
 * not fetched again at once (that would cancel it and ask again, once per event): it is read
 * once more when the fetch in flight settles.
 */
function flushPendingInvalidations(): void {
  const names = [...pendingNames];
  pendingNames.clear();
  pendingFlush = null;
  for (const name of names) void markStale([name]);
}

/** Marks stale the answers under a key prefix (every answer without one), fetching again those on screen. */
function markStale(queryKey?: readonly unknown[]): Promise<void> {
  const filters = queryKey === undefined ? {} : { queryKey };
  for (const query of queryClient.getQueryCache().findAll({ ...filters, fetchStatus: 'fetching' })) {
    staleWhileFetching.add(query.queryHash);
  }
  return queryClient.invalidateQueries(filters, { cancelRefetch: false });
}

queryClient.getQueryCache().subscribe((event) => {
  if (event.type === 'removed') staleWhileFetching.delete(event.query.queryHash);
  if (event.type !== 'updated') return;
  const { action } = event;
  const hasSettled = (action.type === 'success' && action.manual !== true) || action.type === 'error';
  if (!hasSettled || !staleWhileFetching.delete(event.query.queryHash)) return;
  void queryClient.invalidateQueries(
    { queryKey: event.query.queryKey, exact: true },
    { cancelRefetch: false },
  );
});

/**
 * Marks these calls stale before the next frame, together with any others named meanwhile;
 * settles once they are marked (their reads started, not finished).
 */
export function invalidateCallsSoon(names: readonly CallName[]): Promise<void> {
  if (names.length === 0) return pendingFlush ?? Promise.resolve();
  for (const name of names) pendingNames.add(name);
  pendingFlush ??= new Promise((resolve) => {
    beforeNextFrame(() => {
      flushPendingInvalidations();
      resolve();
    });
  });
  return pendingFlush;
}

/** Marks stale what the event changed (coalesced with the other events of the same frame). */
export function applyEventToCache(message: ApiEventMessage): Promise<void> {
  return invalidateCallsSoon(callsInvalidatedBy[message.name]);
}

/**
 * After the event stream was lost and found again, every answer may be stale (events came and
 * went meanwhile): all are marked stale once, and the ones on screen are read again.
 */
export function invalidateEverything(): Promise<void> {
  return markStale();
}

/** Keeps the cache in step with the backend for as long as the window lives. */
export function useEventInvalidation(): void {
  useEffect(() => {
    const stopEvents = api.onEvent((message) => void applyEventToCache(message));
    const stopResumes = api.onEventsResumed(() => void invalidateEverything());
    return () => {
      stopEvents();
      stopResumes();
    };
  }, []);
}
