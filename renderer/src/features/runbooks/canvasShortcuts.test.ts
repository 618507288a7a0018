import { describe, expect, it } from 'vitest';
import { commandFor, type KeyPress } from './canvasShortcuts';

const none = { ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
const press = (key: string, code: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code,
  ...none,
  ...modifiers,
});

describe('canvas shortcuts', () => {
  it.each([
    ['Ctrl+Z', press('z', 'KeyZ', { ctrlKey: true }), 'undo'],
    ['⌘Z', press('z', 'KeyZ', { metaKey: true }), 'undo'],
    ['Ctrl+Shift+Z', press('Z', 'KeyZ', { ctrlKey: true, shiftKey: true }), 'redo'],
    ['Ctrl+Y', press('y', 'KeyY', { ctrlKey: true }), 'redo'],
    ['Ctrl+C', press('c', 'KeyC', { ctrlKey: true }), 'copy'],
    ['Ctrl+X', press('x', 'KeyX', { ctrlKey: true }), 'cut'],
    ['Ctrl+V', press('v', 'KeyV', { ctrlKey: true }), 'paste'],
    ['Ctrl+A', press('a', 'KeyA', { ctrlKey: true }), 'selectAll'],
    ['Ctrl+V on a Cyrillic layout', press('м', 'KeyV', { ctrlKey: true }), 'paste'],
    ['Shift+L', press('L', 'KeyL', { shiftKey: true }), 'tidyUp'],
    ['Shift+1', press('!', 'Digit1', { shiftKey: true }), 'fitView'],
    ['?', press('?', 'Slash', { shiftKey: true }), 'help'],
    ['Esc', press('Escape', 'Escape'), 'clearSelection'],
  ])('maps %s', (_name, keys, command) => {
    expect(commandFor(keys)).toBe(command);
  });

  it.each([
    ['a plain letter', press('l', 'KeyL')],
    ['a plain 1', press('1', 'Digit1')],
    ['Ctrl+Shift+C (developer tools)', press('C', 'KeyC', { ctrlKey: true, shiftKey: true })],
    ['Ctrl+Alt+Z', press('z', 'KeyZ', { ctrlKey: true, altKey: true })],
    ['Ctrl+S', press('s', 'KeyS', { ctrlKey: true })],
  ])('leaves %s alone', (_name, keys) => {
    expect(commandFor(keys)).toBeNull();
  });
});
