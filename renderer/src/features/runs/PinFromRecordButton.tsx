/**
 * "Pin this result" on a run's step record: keeps what the record gives its step's pin (a method's
 * status, outputs and response; a Condition's exit…) in the runbook's draft, so designer runs
 * answer the step with it (PRODUCT.md §8).
 */
import { useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';

export function PinFromRecordButton({
  runId,
  seq,
  stepName,
}: {
  runId: string;
  seq: number;
  stepName: string;
}): ReactElement {
  const [isPinning, setIsPinning] = useState(false);
  const pin = async () => {
    setIsPinning(true);
    try {
      await api.call('pins.fromRun', { runId, seq });
      useNoticeStore
        .getState()
        .show('success', `Pinned “${stepName}”: designer runs answer it with this result`);
    } catch (caught) {
      useNoticeStore.getState().show('error', messageOf(caught));
    } finally {
      setIsPinning(false);
    }
  };
  return (
    <button
      type="button"
      className="button button-small"
      aria-disabled={isPinning}
      title="Designer runs answer this step with this result instead of running it"
      onClick={() => {
        if (!isPinning) void pin();
      }}
    >
      <Icon name="pin" /> Pin this result
    </button>
  );
}
