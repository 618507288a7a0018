/**
 * One run as its page shows it, from the resource cache: read once (runs.get), then kept up to
 * date by the run events applied to the cache (runsInCache.ts) — a run of thousands of steps is
 * never read again, not even when the page is opened again. A record known by its event's summary
 * is read whole (runs.step) when opened.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { api } from '../../api/client';
import { queryClient } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { withWholeRecord, type ShownRun } from './runEvents';
import { readShownRun, shownRunKey } from './runsInCache';

/** The run, the error that kept it from being read, and a way to read one record whole. */
export function useShownRun(runId: string): {
  run: ShownRun | null;
  error: string | null;
  readWholeRecord: (seq: number) => void;
} {
  const { data, error } = useQuery({
    queryKey: shownRunKey(runId),
    queryFn: () => readShownRun(runId),
    // Events keep it current; only a lost event stream makes it stale.
    staleTime: Infinity,
  });
  /** Records asked for whole, so a record opened twice is read once. */
  const askedWhole = useRef(new Set<number>());

  const readWholeRecord = useCallback(
    (seq: number) => {
      if (askedWhole.current.has(seq)) return;
      askedWhole.current.add(seq);
      api.call('runs.step', { id: runId, seq }).then(
        (record) => {
          // A record read while it ran changes again: its next summary is read whole again.
          if (record.status === 'running') askedWhole.current.delete(seq);
          queryClient.setQueryData<ShownRun>(shownRunKey(runId), (current) =>
            current === undefined ? current : { ...current, steps: withWholeRecord(current.steps, record) },
          );
        },
        (caught: unknown) => {
          askedWhole.current.delete(seq);
          useNoticeStore.getState().show('error', messageOf(caught));
        },
      );
    },
    [runId],
  );

  return { run: data ?? null, error: error === null ? null : messageOf(error), readWholeRecord };
}
