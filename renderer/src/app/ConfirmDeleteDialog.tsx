/**
 * Confirms a delete after asking the backend what it would break or take with it: the dialog
 * reads the impact when it opens, shows it with `describe`, and deletes only on the button that
 * names what goes. Focus starts on Cancel; after a delete the caller moves on (navigates away).
 */
import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { messageOf } from './errorMessage';

export interface ConfirmDeleteDialogProps<Impact> {
  title: string;
  /** What the delete button says, e.g. "Delete method". */
  deleteLabel: string;
  readImpact: () => Promise<Impact>;
  describe: (impact: Impact) => ReactNode;
  remove: () => Promise<unknown>;
  onCancel: () => void;
  onDeleted: () => void;
}

export function ConfirmDeleteDialog<Impact>({
  title,
  deleteLabel,
  readImpact,
  describe,
  remove,
  onCancel,
  onDeleted,
}: ConfirmDeleteDialogProps<Impact>): ReactElement {
  const [impact, setImpact] = useState<{ value: Impact } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);
  // Read once, when the dialog opens.
  const read = useRef(readImpact);

  useEffect(() => {
    let isCurrent = true;
    read.current().then(
      (value) => isCurrent && setImpact({ value }),
      (caught: unknown) => isCurrent && setError(messageOf(caught)),
    );
    return () => {
      isCurrent = false;
    };
  }, []);

  const confirm = async () => {
    if (isDeleting) return;
    setIsDeleting(true);
    try {
      await remove();
      onDeleted();
    } catch (caught) {
      setError(messageOf(caught));
      setIsDeleting(false);
    }
  };

  return (
    <Dialog
      title={title}
      // Once confirmed there is nothing left to cancel: the dialog stays until the deletion ends.
      onClose={isDeleting ? ignore : onCancel}
      actions={
        <>
          <button
            type="button"
            className="button"
            onClick={isDeleting ? ignore : onCancel}
            aria-disabled={isDeleting}
            autoFocus
          >
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => void confirm()}
            disabled={impact === null}
            // Busy, not disabled: a disabled button drops focus to the page (and a refusal would leave it there).
            aria-disabled={isDeleting}
          >
            {isDeleting ? 'Deleting…' : deleteLabel}
          </button>
        </>
      }
    >
      {impact === null && error === null && <p className="muted">Checking what uses it…</p>}
      {impact !== null && (
        <>
          {describe(impact.value)}
          <p className="dialog-note">This cannot be undone.</p>
        </>
      )}
      {isDeleting && (
        <p className="muted dialog-status" role="status">
          A long run history or call log takes a few seconds to delete.
        </p>
      )}
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

const ignore = () => undefined;

/** The runbooks a delete breaks, as a warning naming each; or a quiet line saying there are none. */
export function RunbooksBroken({
  runbooks,
  what,
  none,
}: {
  runbooks: readonly { id: string; name: string }[];
  /** What they do with it, for one runbook and for several: ["uses it", "use it"]. */
  what: readonly [string, string];
  none: string;
}): ReactElement {
  if (runbooks.length === 0) return <p className="muted">{none}</p>;
  return (
    <div className="callout callout-warning">
      <p>
        {runbooks.length === 1
          ? `This runbook ${what[0]}; its steps will no longer work:`
          : `These runbooks ${what[1]}; their steps will no longer work:`}
      </p>
      <ul>
        {runbooks.map((runbook) => (
          <li key={runbook.id}>
            <strong>{runbook.name}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
