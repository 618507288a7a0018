/**
 * "Pin this result" under a step's Test: keeps the Test's status, outputs and response (masked as
 * shown) as the step's pin, so designer runs answer the step with it instead of sending.
 */
import { useState, type ReactElement } from 'react';
import type { RequestResult } from '../../../../../shared/domain/requestResult';
import { api } from '../../../api/client';
import { Icon } from '../../../app/icons';
import { messageOf } from '../../../app/errorMessage';

export function PinTestResultButton({
  runbookId,
  stepId,
  result,
}: {
  runbookId: string;
  stepId: string;
  result: RequestResult;
}): ReactElement | null {
  const [said, setSaid] = useState<{ isError: boolean; text: string } | null>(null);
  if (result.response === null) return null;
  const pin = async () => {
    try {
      await api.call('pins.fromTest', { runbookId, stepId, result });
      setSaid({ isError: false, text: 'Pinned: designer runs answer this step with this result.' });
    } catch (caught) {
      setSaid({ isError: true, text: messageOf(caught) });
    }
  };
  return (
    <div className="pin-test-result">
      <button
        type="button"
        className="button button-small"
        title="Designer runs answer this step with this result instead of sending its request"
        onClick={() => void pin()}
      >
        <Icon name="pin" /> Pin this result
      </button>
      {said !== null && (
        <p className={said.isError ? 'inline-error' : 'hint'} role={said.isError ? 'alert' : 'status'}>
          {said.text}
        </p>
      )}
    </div>
  );
}
