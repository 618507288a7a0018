/** The editor's keys: Esc cancels (unless a dialog is open), Ctrl/Cmd+S saves the form. */
import { useEffect, useEffectEvent, type RefObject } from 'react';

export function useEditorShortcuts(formRef: RefObject<HTMLFormElement | null>, onCancel: () => void): void {
  const cancel = useEffectEvent(onCancel);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]') !== null) return;
      if (event.key === 'Escape') {
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
  }, [formRef]);
}
