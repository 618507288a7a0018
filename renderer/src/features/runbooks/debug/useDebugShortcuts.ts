/**
 * The debugger's keys, as in IDEs: F9 sets or clears the breakpoint of the selected steps, F8
 * continues and F10 steps over while a debug run is paused. Left alone while a dialog is open.
 */
import { useEffect } from 'react';
import { useDesignerStore } from '../designerStore';
import { toggleBreakpoint } from './breakpointStore';
import { isDebuggingNow, sendDebugCommand, useDebugStore } from './debugSession';

export function useDebugShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (document.querySelector('dialog[open]') !== null) return;
      if (event.key === 'F9') {
        const { selectedIds } = useDesignerStore.getState();
        if (selectedIds.length === 0) return;
        event.preventDefault();
        for (const stepId of selectedIds) toggleBreakpoint(stepId);
        return;
      }
      const command = event.key === 'F8' ? 'continue' : event.key === 'F10' ? 'stepOver' : null;
      if (command === null || !isDebuggingNow() || useDebugStore.getState().pause === null) return;
      // F10 would otherwise move the focus to the browser's menu.
      event.preventDefault();
      sendDebugCommand(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
