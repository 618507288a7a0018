/**
 * Starting a re-run from a run's page: the new run opens with a notice; one that would repeat a
 * request that may have been sent is refused by the backend until confirmed, so it asks first.
 */
import { useState } from 'react';
import { AppError } from '../../../../shared/api/appError';
import { hrefOf } from '../../app/route';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';

/** A re-run waiting for the user to confirm it may repeat a request: the backend's words, and Go. */
export interface PendingRepeat {
  message: string;
  confirm: () => void;
}

/** Shows what went wrong as an error notice. */
export const showFailure = (caught: unknown): void =>
  useNoticeStore.getState().show('error', messageOf(caught));

/** The re-run to confirm (null when none), how to start one, and how to drop the one to confirm. */
export function useRerun(): {
  repeat: PendingRepeat | null;
  rerun: (call: (confirmRepeat: boolean) => Promise<{ runId: string }>, notice: string) => void;
  dismissRepeat: () => void;
} {
  const [repeat, setRepeat] = useState<PendingRepeat | null>(null);
  const open = (newRunId: string, message: string) => {
    useNoticeStore.getState().show('success', message);
    window.location.hash = hrefOf({ area: 'runs', runId: newRunId });
  };
  /** Starts a re-run; one that would repeat a request that may have been sent asks first. */
  const rerun = (call: (confirmRepeat: boolean) => Promise<{ runId: string }>, notice: string) => {
    const go = (confirmRepeat: boolean) =>
      void call(confirmRepeat).then(
        ({ runId: next }) => open(next, notice),
        (caught: unknown) => {
          const isUnconfirmed =
            caught instanceof AppError && caught.code === 'conflict' && caught.field === 'confirmRepeat';
          if (!isUnconfirmed || confirmRepeat) {
            showFailure(caught);
            return;
          }
          setRepeat({
            message: caught.message,
            confirm: () => {
              setRepeat(null);
              go(true);
            },
          });
        },
      );
    go(false);
  };
  return { repeat, rerun, dismissRepeat: () => setRepeat(null) };
}
