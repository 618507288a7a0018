/** An accessible modal dialog on the native <dialog>: focus trapped, Esc closes, focus returns. */
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';
import { pageHeading, refocusWhenLost } from './focusReturn';

export interface DialogProps {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onClose: () => void;
  /** Another class beside `dialog`, for a dialog of another size. */
  className?: string;
}

export function Dialog({ title, children, actions, onClose, className }: DialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      dialog.close();
      // What opened the dialog may have gone with what the dialog did (a deleted row, a new page).
      if (previous?.isConnected === true) previous.focus();
      else refocusWhenLost(pageHeading);
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={className === undefined ? 'dialog' : `dialog ${className}`}
      aria-modal="true"
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}
