/**
 * Runs the canvas shortcuts (canvasShortcuts.ts) while the designer is open. Keys typed in a text
 * field, plain keys on a drop-down, and keys pressed while a dialog is open are left to them;
 * copy and cut are left to the browser while text on the page is selected and the keyboard is not
 * on the canvas.
 */
import { useEffect, useEffectEvent } from 'react';
import { commandFor, isControlsOwnKey, type CanvasCommand } from './canvasShortcuts';
import type { Point } from './clipboard';
import type { CanvasCommands } from './useCanvasCommands';

/** Whether the keyboard is on the canvas (a step or an edge of it has focus). */
function isOnCanvas(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.react-flow') !== null;
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}

export function useCanvasShortcuts(commands: CanvasCommands, openHelp: () => void): void {
  const run = useEffectEvent((command: CanvasCommand, pointer: Point | null) => {
    if (command === 'help') openHelp();
    else if (command === 'paste') void commands.paste(pointer ?? undefined);
    else void commands[command]();
  });
  useEffect(() => {
    // Where the pointer is over the canvas, for pasting there.
    let pointer: Point | null = null;
    const onPointerMove = (event: PointerEvent) => {
      const isOverCanvas = event.target instanceof Element && event.target.closest('.react-flow') !== null;
      pointer = isOverCanvas ? { x: event.clientX, y: event.clientY } : null;
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (isControlsOwnKey(event.target, event) || document.querySelector('dialog[open]') !== null) return;
      const command = commandFor(event);
      if (command === null) return;
      // Holding Ctrl+Z steps back through history; holding Ctrl+V must not paste a pile.
      if (event.repeat && command !== 'undo' && command !== 'redo') return;
      // Text selected on the page is the browser's to copy, unless the keyboard is on the canvas:
      // a click on a step leaves text selected in the inspector before selected, and Ctrl+C then
      // copied that text instead of the step.
      if ((command === 'copy' || command === 'cut') && hasTextSelection() && !isOnCanvas(event.target))
        return;
      event.preventDefault();
      run(command, pointer);
    };
    window.addEventListener('pointermove', onPointerMove);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('pointermove', onPointerMove);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);
}
