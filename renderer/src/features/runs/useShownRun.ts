/**
 * One run as its page shows it: read once (runs.get) after subscribing to its events, then kept
 * up to date by applying them — a run of thousands of steps is never read again. Events are
 * applied once per frame, so a burst of quick steps is one render.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEventMessage } from '../../../../shared/api/contract';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { shownRunOf, withRunChange, withStepChange, withWholeRecord, type ShownRun } from './runEvents';

function applyEvent(run: ShownRun, message: ApiEventMessage): ShownRun {
  if (message.name === 'runs.changed') return withRunChange(run, message.payload.run);
  if (message.name === 'runs.stepChanged') {
    const steps = withStepChange(run.steps, message.payload.step);
    return steps === run.steps ? run : { ...run, steps };
  }
  return run;
}

const isAbout = (message: ApiEventMessage, runId: string) =>
  (message.name === 'runs.changed' && message.payload.run.id === runId) ||
  (message.name === 'runs.stepChanged' && message.payload.runId === runId);

/** The run, the error that kept it from being read, and a way to read one record whole. */
export function useShownRun(runId: string): {
  run: ShownRun | null;
  error: string | null;
  readWholeRecord: (seq: number) => void;
} {
  const [run, setRun] = useState<ShownRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Records asked for whole, so a record opened twice is read once. */
  const askedWhole = useRef(new Set<number>());

  useEffect(() => {
    let pending: ApiEventMessage[] = [];
    let isRead = false;
    let frame = 0;
    const applyPending = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      setRun((current) => (current === null ? current : batch.reduce(applyEvent, current)));
    };
    const unsubscribe = api.onEvent((message) => {
      if (!isAbout(message, runId)) return;
      pending.push(message);
      if (isRead && frame === 0) frame = requestAnimationFrame(applyPending);
    });
    let isGone = false;
    void api
      .eventsReady()
      .then(() => api.call('runs.get', { id: runId }))
      .then(
        (read) => {
          if (isGone) return;
          isRead = true;
          // Events that came while reading may be older than the read: applying them never goes back.
          setRun(pending.reduce(applyEvent, shownRunOf(read)));
          pending = [];
        },
        (caught: unknown) => {
          if (!isGone) setError(messageOf(caught));
        },
      );
    return () => {
      isGone = true;
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [runId]);

  const readWholeRecord = useCallback(
    (seq: number) => {
      if (askedWhole.current.has(seq)) return;
      askedWhole.current.add(seq);
      api.call('runs.step', { id: runId, seq }).then(
        (record) =>
          setRun((current) =>
            current === null ? current : { ...current, steps: withWholeRecord(current.steps, record) },
          ),
        (caught: unknown) => {
          askedWhole.current.delete(seq);
          useNoticeStore.getState().show('error', messageOf(caught));
        },
      );
    },
    [runId],
  );

  return { run, error, readWholeRecord };
}
