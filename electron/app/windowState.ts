/** Remembers the window's size, position and maximized state in a small JSON file. */
import fs from 'node:fs';
import path from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { z } from 'zod';

const stateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  isMaximized: z.boolean(),
});
export type WindowState = z.infer<typeof stateSchema>;

const defaults = { width: 1280, height: 820 };

/** The saved state, or undefined when absent, unreadable, or off every screen now attached. */
export function loadWindowState(file: string): WindowState | undefined {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) return undefined;
    const state = parsed.data;
    const isVisible = screen.getAllDisplays().some((display) => intersects(display.workArea, state));
    return isVisible ? state : { ...state, x: 0, y: 0, ...defaults };
  } catch {
    return undefined;
  }
}

function intersects(area: Rectangle, state: WindowState): boolean {
  return (
    state.x < area.x + area.width &&
    state.x + state.width > area.x &&
    state.y < area.y + area.height &&
    state.y + state.height > area.y
  );
}

export function defaultWindowSize(): { width: number; height: number } {
  return defaults;
}

/** Saves on close (the normal bounds, so un-maximizing later restores them). */
export function trackWindowState(window: BrowserWindow, file: string): void {
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, isMaximized: window.isMaximized() };
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(state));
    } catch {
      // Losing the window position is not worth failing a quit over.
    }
  });
}
