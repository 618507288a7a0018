/**
 * Runs in the resource cache: the run a page shows is the cached answer of `runs.get`, a runs
 * list that of `runs.list` (one per filter, read a page at a time: runListPages.ts), and run
 * events are applied to every cached one
 * instead of reading it again — a run of thousands of steps is read once, the list once per
 * filter. Events are applied once per frame, so a burst of quick steps is one render. A read
 * subscribes first and applies the events that came while it was out, which never take a run or
 * step back (see runEvents.ts), so an event applied twice changes nothing.
 */
import { useEffect } from 'react';
import type { ApiEventMessage } from '../../../../shared/api/contract';
import { api } from '../../api/client';
import { callKey, queryClient } from '../../api/resources';
import {
  isRunPages,
  withListEvents,
  withPagedListEvents,
  type RunEvent,
  type RunPages,
  type RunsListInput,
} from './runListPages';
import {
  shownRunOf,
  withPauseChange,
  withRunChange,
  withStepChange,
  withStepWait,
  type RunSummary,
  type ShownRun,
} from './runEvents';

export type { RunsListInput } from './runListPages';

const isRunEvent = (message: ApiEventMessage): message is RunEvent =>
  message.name === 'runs.changed' ||
  message.name === 'runs.stepChanged' ||
  message.name === 'runs.stepWaiting' ||
  message.name === 'runs.debugChanged';

/** The cache key of the run a page shows: `runs.get`'s, holding the run with each record as far as known. */
export const shownRunKey = (runId: string) => callKey('runs.get', { id: runId });

/** The run with the events about it applied. */
export function withRunEvents(run: ShownRun, events: readonly RunEvent[]): ShownRun {
  return events.reduce((current, message) => {
    if (message.name === 'runs.changed') return withRunChange(current, message.payload.run);
    if (message.name === 'runs.debugChanged')
      return withPauseChange(current, message.payload.runId, message.payload.pause);
    if (message.payload.runId !== current.id) return current;
    const steps =
      message.name === 'runs.stepWaiting'
        ? withStepWait(current.steps, message.payload.seq, message.payload.wait)
        : withStepChange(current.steps, message.payload.step);
    return steps === current.steps ? current : { ...current, steps };
  }, run);
}

/** Reads out now, each with the run events heard while it is out. */
const readsInFlight = new Set<RunEvent[]>();

/** Reads once events reach this window, and applies to the answer those heard meanwhile. */
async function readHearing<T>(read: () => Promise<T>, apply: (value: T, heard: RunEvent[]) => T): Promise<T> {
  const heard: RunEvent[] = [];
  readsInFlight.add(heard);
  try {
    await api.eventsReady();
    return apply(await read(), heard);
  } finally {
    readsInFlight.delete(heard);
  }
}

/** Reads the run a page shows (the query function of `shownRunKey`). */
export function readShownRun(runId: string): Promise<ShownRun> {
  return readHearing(
    async () => shownRunOf(await api.call('runs.get', { id: runId })),
    (run, heard) => withRunEvents(run, heard),
  );
}

/**
 * Reads a runs list, or one page of it (`input.after`): the query function of
 * `callKey('runs.list', input)`, and of each page of the runs list.
 */
export function readRunsList(input: RunsListInput): Promise<RunSummary[]> {
  return readHearing(
    () => api.call('runs.list', input),
    (runs, heard) => withListEvents(runs, input, heard),
  );
}

/** Applies a batch of run events to every cached run and runs list. */
export function applyRunEvents(events: readonly RunEvent[]): void {
  const cache = queryClient.getQueryCache();
  const runIds = new Set(
    events.map((message) =>
      message.name === 'runs.changed' ? message.payload.run.id : message.payload.runId,
    ),
  );
  for (const runId of runIds) {
    queryClient.setQueryData<ShownRun>(shownRunKey(runId), (run) =>
      run === undefined ? run : withRunEvents(run, events),
    );
  }
  if (!events.some((message) => message.name === 'runs.changed')) return;
  for (const query of cache.findAll({ queryKey: ['runs.list'] })) {
    const input = query.queryKey[1] as RunsListInput;
    queryClient.setQueryData<RunSummary[] | RunPages>(query.queryKey, (data) => {
      if (data === undefined) return data;
      return isRunPages(data)
        ? withPagedListEvents(data, input, events)
        : withListEvents(data, input, events);
    });
  }
}

/** Keeps the cached runs in step with run events for as long as the window lives. */
export function useRunEventsInCache(): void {
  useEffect(() => {
    let pending: RunEvent[] = [];
    let frame = 0;
    const applyPending = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      applyRunEvents(batch);
    };
    const unsubscribe = api.onEvent((message) => {
      if (!isRunEvent(message)) return;
      for (const heard of readsInFlight) heard.push(message);
      pending.push(message);
      if (frame === 0) frame = requestAnimationFrame(applyPending);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, []);
}
