/**
 * The canvas's keyboard shortcuts: which key does what, and the list the help dialog shows.
 * Ctrl and ⌘ are the same key here, so either works on any platform. Plain keys (Shift+L,
 * Shift+1, ?) never clash with the browser's or Electron's own shortcuts.
 */
import { shortcutLabel } from '../../app/shortcutLabel';

export type CanvasCommand =
  'undo' | 'redo' | 'copy' | 'cut' | 'paste' | 'selectAll' | 'clearSelection' | 'tidyUp' | 'fitView' | 'help';

/** The parts of a KeyboardEvent a shortcut depends on. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const withModifier: Readonly<Record<string, CanvasCommand>> = {
  z: 'undo',
  y: 'redo',
  c: 'copy',
  x: 'cut',
  v: 'paste',
  a: 'selectAll',
};

/** The command a key press asks for, or null when it is not a canvas shortcut. */
export function commandFor(press: KeyPress): CanvasCommand | null {
  if (press.altKey) return null;
  // Letters by the character typed, so other layouts work; by the key's place when not a letter.
  const letter = /^[a-z]$/i.test(press.key)
    ? press.key.toLowerCase()
    : press.code.replace(/^Key/, '').toLowerCase();
  if (press.ctrlKey || press.metaKey) {
    if (letter === 'z') return press.shiftKey ? 'redo' : 'undo';
    return press.shiftKey ? null : (withModifier[letter] ?? null);
  }
  if (press.key === '?') return 'help';
  if (press.key === 'Escape') return 'clearSelection';
  if (press.shiftKey && letter === 'l') return 'tidyUp';
  if (press.shiftKey && press.code === 'Digit1') return 'fitView';
  return null;
}

/** Kinds of <input> that hold a choice, not text: they have no undo of their own. */
const choiceInputTypes = new Set(['checkbox', 'radio', 'range', 'color', 'button', 'submit', 'reset']);

/** Whether keys typed here belong to a text field, whose own undo and copy must win. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable]') !== null;
}

/**
 * Whether a key press belongs to the control it was pressed on rather than to the canvas: every
 * key in a text field; a plain key on a drop-down or a check box (a letter picks an option
 * there). With Ctrl or ⌘ it is the canvas's: those controls have no undo of their own, and
 * Ctrl+Z right after a choice in the inspector did nothing at all instead of undoing it.
 */
export function isControlsOwnKey(target: EventTarget | null, press: KeyPress): boolean {
  if (!isTypingTarget(target)) return false;
  const isChoice =
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && choiceInputTypes.has(target.type));
  return !isChoice || !(press.ctrlKey || press.metaKey);
}

/** What the help dialog lists, in reading order. */
export const shortcutList: readonly { keys: readonly string[]; action: string }[] = [
  { keys: [shortcutLabel('Z')], action: 'Undo' },
  { keys: [shortcutLabel('Shift+Z'), shortcutLabel('Y')], action: 'Redo' },
  { keys: [shortcutLabel('C')], action: 'Copy the selected steps' },
  { keys: [shortcutLabel('X')], action: 'Cut the selected steps' },
  { keys: [shortcutLabel('V')], action: 'Paste (at the pointer when it is over the canvas)' },
  { keys: ['Delete', 'Backspace'], action: 'Delete the selection' },
  { keys: [shortcutLabel('A')], action: 'Select every step' },
  { keys: ['Shift+click'], action: 'Add a step to the selection' },
  { keys: ['Shift+drag'], action: 'Select the steps in a box' },
  { keys: ['Esc'], action: 'Clear the selection' },
  { keys: ['Shift+L'], action: 'Tidy up (auto-layout)' },
  { keys: ['Shift+1'], action: 'Zoom to fit' },
  { keys: ['F9'], action: 'Set or clear a breakpoint on the selected steps' },
  { keys: ['F8'], action: 'Continue a paused debug run' },
  { keys: ['F10'], action: 'Step over: run the paused step, pause before the next' },
  { keys: ['?'], action: 'Show these shortcuts' },
];
