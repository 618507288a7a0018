/** An accessible modal dialog on the native <dialog>: focus trapped, Esc closes, focus returns. */
import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';
import { pageHeading, refocusWhenLost } from './focusReturn';

export interface DialogProps {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onClose: () => void;
  /** Another class beside `dialog`, for a dialog of another size. */
  className?: string;
  /**
   * Where focus goes when the dialog closes, asked at that moment; by default (or when this
   * answers null) back to what opened it.
   */
  returnFocusTo?: () => HTMLElement | null;
}

export function Dialog({
  title,
  children,
  actions,
  onClose,
  className,
  returnFocusTo,
}: DialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  // A dialog may open over another (a question over the method drawer): each names itself.
  const titleId = useId();
  const returnFocusRef = useRef(returnFocusTo);
  useEffect(() => {
    returnFocusRef.current = returnFocusTo;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      dialog.close();
      const chosen = returnFocusRef.current?.() ?? null;
      // What opened the dialog may have gone with what the dialog did (a deleted row, a new page).
      if (chosen !== null) chosen.focus();
      else if (previous?.isConnected === true) previous.focus();
      else refocusWhenLost(pageHeading);
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={className === undefined ? 'dialog' : `dialog ${className}`}
      aria-modal="true"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        // Only the top dialog's Esc: React would also hand it to a dialog this one opened over.
        event.stopPropagation();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}
