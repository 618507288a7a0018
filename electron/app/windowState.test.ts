import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultWindowPlacement, readWindowPlacement, writeWindowState } from './windowState';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const monitorOnTheRight = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('window state', () => {
  let directory: string;
  let file: string;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'window-state-'));
    file = path.join(directory, 'nested', 'window-state.json');
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it.skipIf(process.platform === 'win32')('is written readable by its owner only (0600)', () => {
    writeWindowState(file, { x: 0, y: 0, width: 800, height: 600, isMaximized: false });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('opens where it was closed', () => {
    writeWindowState(file, { x: 1600, y: 100, width: 1200, height: 800, isMaximized: true });
    expect(readWindowPlacement(file, [laptop, monitorOnTheRight])).toEqual({
      x: 1600,
      y: 100,
      width: 1200,
      height: 800,
      isMaximized: true,
    });
  });

  it('keeps the size but lets the OS place a window whose screen was unplugged', () => {
    writeWindowState(file, { x: 1600, y: 100, width: 2000, height: 1200, isMaximized: false });
    expect(readWindowPlacement(file, [laptop])).toEqual({ width: 1440, height: 900, isMaximized: false });
  });

  it('moves a window whose title bar is above the screen', () => {
    writeWindowState(file, { x: 100, y: -700, width: 1000, height: 800, isMaximized: false });
    expect(readWindowPlacement(file, [laptop])).toEqual({ width: 1000, height: 800, isMaximized: false });
  });

  it('opens with the defaults without a file', () => {
    expect(readWindowPlacement(file, [laptop])).toEqual(defaultWindowPlacement);
  });

  it.each([
    ['not JSON', '{'],
    ['a missing field', JSON.stringify({ x: 0, y: 0, width: 1000, isMaximized: false })],
    ['a tiny window', JSON.stringify({ x: 0, y: 0, width: 10, height: 10, isMaximized: false })],
    ['text for a number', JSON.stringify({ x: '0', y: 0, width: 1000, height: 800, isMaximized: false })],
  ])('ignores a file with %s', (_label, content) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    expect(readWindowPlacement(file, [laptop])).toEqual(defaultWindowPlacement);
  });

  it('rounds fractional bounds and leaves no temporary file behind', () => {
    writeWindowState(file, { x: 10.4, y: 20.6, width: 1000.5, height: 800, isMaximized: false });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      x: 10,
      y: 21,
      width: 1001,
      height: 800,
      isMaximized: false,
    });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });
});
