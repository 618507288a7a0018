/**
 * The integration editors' keys (the details editor, the Connection tab, a configuration): Ctrl/Cmd+S
 * saves the form, Esc cancels where there is a Cancel; neither while a dialog is open.
 */
import { useEffect, useEffectEvent, type RefObject } from 'react';

export function useEditorShortcuts(formRef: RefObject<HTMLFormElement | null>, onCancel?: () => void): void {
  const cancel = useEffectEvent(() => onCancel?.());
  const hasCancel = onCancel !== undefined;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]') !== null) return;
      if (event.key === 'Escape' && hasCancel) {
        // Cancel may open the Unsaved changes question; the browser's own Escape, which runs after
        // this listener, would close that dialog at once.
        event.preventDefault();
        cancel();
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        formRef.current?.requestSubmit();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [formRef, hasCancel]);
}
