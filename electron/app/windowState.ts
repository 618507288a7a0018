/**
 * Remembers the window's size, position and maximized state in a small JSON file in userData.
 * No Electron here: the caller passes the screens' work areas, so this is testable in plain Node.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  isMaximized: z.boolean(),
});
export type WindowState = z.infer<typeof stateSchema>;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where and how large to open the window; no x/y means "let the OS centre it". */
export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  isMaximized: boolean;
}

export const defaultWindowPlacement: WindowPlacement = { width: 1280, height: 820, isMaximized: false };

// The window counts as on screen when this much of its title bar lies on one work area.
const grabbableWidth = 120;
const titleBarHeight = 32;

function isGrabbable(state: WindowState, area: Area): boolean {
  const overlap = Math.min(state.x + state.width, area.x + area.width) - Math.max(state.x, area.x);
  const isTopInside = state.y >= area.y - titleBarHeight && state.y <= area.y + area.height - titleBarHeight;
  return overlap >= Math.min(grabbableWidth, state.width) && isTopInside;
}

/**
 * The placement to open with: the saved one when the file is valid and the window would be on
 * a screen; its size (made to fit the first screen) without a position when it would be off
 * every screen now attached; the defaults when the file is absent or invalid.
 */
export function readWindowPlacement(file: string, workAreas: readonly Area[]): WindowPlacement {
  let state: WindowState;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) return defaultWindowPlacement;
    state = parsed.data;
  } catch {
    return defaultWindowPlacement;
  }
  if (workAreas.some((area) => isGrabbable(state, area))) return state;
  const [primary] = workAreas;
  return {
    width: primary === undefined ? state.width : Math.min(state.width, primary.width),
    height: primary === undefined ? state.height : Math.min(state.height, primary.height),
    isMaximized: state.isMaximized,
  };
}

/** Writes through a temporary file, so a crash mid-write cannot leave half a JSON document. */
export function writeWindowState(file: string, state: WindowState): void {
  const rounded = {
    x: Math.round(state.x),
    y: Math.round(state.y),
    width: Math.round(state.width),
    height: Math.round(state.height),
    isMaximized: state.isMaximized,
  };
  // It sits in the data folder beside the database, whose files are all the owner's only.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(rounded), { mode: 0o600 });
  fs.renameSync(temporary, file);
}
