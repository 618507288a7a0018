/**
 * Asks before running again a step whose request may already have reached the API: the app
 * stopped while it was out, and sending it again could, say, open a second ticket.
 */
import type { ReactElement } from 'react';
import { Dialog } from '../../app/Dialog';

export function RepeatConfirmDialog({
  message,
  onConfirm,
  onCancel,
}: {
  message: string;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactElement {
  return (
    <Dialog
      title="Send that request again?"
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={onConfirm}>
            Run it again anyway
          </button>
        </>
      }
    >
      <p>{message}</p>
    </Dialog>
  );
}
