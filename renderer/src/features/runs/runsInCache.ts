/**
 * Runs in the resource cache: the run a page shows is the cached answer of `runs.get`, a runs
 * list that of `runs.list` (one per filter), and run events are applied to every cached one
 * instead of reading it again — a run of thousands of steps is read once, the list once per
 * filter. Events are applied once per frame, so a burst of quick steps is one render. A read
 * subscribes first and applies the events that came while it was out, which never take a run or
 * step back (see runEvents.ts), so an event applied twice changes nothing.
 */
import { useEffect } from 'react';
import type { ApiEventMessage, CallInput } from '../../../../shared/api/contract';
import { api } from '../../api/client';
import { callKey, queryClient } from '../../api/resources';
import {
  shownRunOf,
  withListedRun,
  withRunChange,
  withStepChange,
  type RunSummary,
  type ShownRun,
} from './runEvents';

type RunEvent = Extract<ApiEventMessage, { name: 'runs.changed' | 'runs.stepChanged' }>;
export type RunsListInput = CallInput<'runs.list'>;

/** `runs.list` answers at most this many runs when the input names no limit. */
const defaultListLimit = 100;

const isRunEvent = (message: ApiEventMessage): message is RunEvent =>
  message.name === 'runs.changed' || message.name === 'runs.stepChanged';

/** The cache key of the run a page shows: `runs.get`'s, holding the run with each record as far as known. */
export const shownRunKey = (runId: string) => callKey('runs.get', { id: runId });

/** The run with the events about it applied. */
export function withRunEvents(run: ShownRun, events: readonly RunEvent[]): ShownRun {
  return events.reduce((current, message) => {
    if (message.name === 'runs.changed') return withRunChange(current, message.payload.run);
    if (message.payload.runId !== current.id) return current;
    const steps = withStepChange(current.steps, message.payload.step);
    return steps === current.steps ? current : { ...current, steps };
  }, run);
}

/** Whether a run belongs in the list read with this input. */
function isListed(input: RunsListInput, run: RunSummary): boolean {
  return (
    (input.status === undefined || run.status === input.status) &&
    (input.trigger === undefined || run.trigger === input.trigger) &&
    (input.runbookId === undefined || run.runbookId === input.runbookId) &&
    (input.from === undefined || run.queuedAt >= input.from) &&
    (input.to === undefined || run.queuedAt <= input.to)
  );
}

/** The list read with `input`, with the run events applied. */
export function withListEvents(
  runs: RunSummary[],
  input: RunsListInput,
  events: readonly RunEvent[],
): RunSummary[] {
  const limit = input.limit ?? defaultListLimit;
  return events.reduce(
    (current, message) =>
      message.name === 'runs.changed'
        ? withListedRun(current, message.payload.run, (run) => isListed(input, run), limit)
        : current,
    runs,
  );
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

/** Reads a runs list (the query function of `callKey('runs.list', input)`). */
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
    queryClient.setQueryData<RunSummary[]>(query.queryKey, (runs) =>
      runs === undefined ? runs : withListEvents(runs, input, events),
    );
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
