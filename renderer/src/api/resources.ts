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
import { callsInvalidatedBy, callsKeptFreshByEvents } from './eventInvalidation';

/**
 * Answers kept fresh by events stay fresh until an event says otherwise (refetching on focus or a
 * timer would only repeat them); a failed read is shown, not retried behind the user's back.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
  },
});

/** The cache key of one call; a prefix `[name]` matches every input of that call. */
export function callKey<K extends CallName>(name: K, input: CallInput<K>): readonly [K, CallInput<K>] {
  return [name, input];
}

/** Reads a call's answer from the shared cache, fetching it when nobody has yet. */
export function useCall<K extends CallName>(
  name: K,
  input: CallInput<K>,
  options: { isEnabled?: boolean; keepPrevious?: boolean } = {},
): UseQueryResult<CallOutput<K>> {
  return useQuery({
    queryKey: callKey(name, input),
    queryFn: () => api.call(name, input),
    enabled: options.isEnabled ?? true,
    // Only what an event announces may be trusted until then; the rest is read again on mount.
    staleTime: callsKeptFreshByEvents.has(name) ? Infinity : 0,
    // A list being filtered keeps showing the previous answer until the new one arrives.
    placeholderData: options.keepPrevious === true ? keepPreviousData : undefined,
  });
}

/** Puts an answer this window already has (e.g. what a save returned) into the cache. */
export function setCallData<K extends CallName>(name: K, input: CallInput<K>, data: CallOutput<K>): void {
  queryClient.setQueryData(callKey(name, input), data);
}

/** Marks every cached answer of these calls stale; the ones on screen are fetched again. */
export function invalidateCalls(names: readonly CallName[]): Promise<void> {
  return Promise.all(names.map((name) => queryClient.invalidateQueries({ queryKey: [name] }))).then(
    () => undefined,
  );
}

/** Marks stale what the event changed. */
export function applyEventToCache(message: ApiEventMessage): Promise<void> {
  return invalidateCalls(callsInvalidatedBy[message.name]);
}

/** Keeps the cache in step with the backend for as long as the window lives. */
export function useEventInvalidation(): void {
  useEffect(() => api.onEvent((message) => void applyEventToCache(message)), []);
}
