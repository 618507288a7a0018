/** Opening the backend for a command of the headless shell: a data directory it cannot use. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { openHeadlessBackend } from './headlessBackend';

describe('openHeadlessBackend', () => {
  it('refuses a data directory that is a file, saying so, and leaves the file as it was', () => {
    const file = path.join(temporaryDirectory(), 'notes.txt');
    fs.writeFileSync(file, 'mine');
    expect(() => openHeadlessBackend(file, { isOneOff: true, log: () => undefined })).toThrow(
      `The data directory ${file} is a file, not a folder: give --data-dir a folder (one that does not exist yet is made).`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });

  it('refuses a data directory it cannot make, saying why, instead of the mkdir error code', () => {
    const file = path.join(temporaryDirectory(), 'notes.txt');
    fs.writeFileSync(file, 'mine');
    const inside = path.join(file, 'data');
    expect(() => openHeadlessBackend(inside, { isOneOff: true, log: () => undefined })).toThrow(
      `The data directory ${inside} cannot be used: a part of its path is a file. Give --data-dir a folder this user can write to (one that does not exist yet is made).`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });
});
