/** What the backend does to its data folder when it starts. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFileName } from './backend';
import { startBackend, temporaryDirectory } from './testSupport/temporaryBackend';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the data folder', () => {
  it('is made 0700 even when it already existed open to others, and its files 0600', async () => {
    const directory = temporaryDirectory();
    fs.chmodSync(directory, 0o755);
    const backend = startBackend(directory);
    await backend.dispatch('runbooks.create', { details: { name: 'Written' } });
    expect(modeOf(directory)).toBe(0o700);
    const files = fs
      .readdirSync(directory)
      .filter((name) => fs.statSync(path.join(directory, name)).isFile());
    expect(files).toContain(databaseFileName);
    expect(Object.fromEntries(files.map((name) => [name, modeOf(path.join(directory, name))]))).toEqual(
      Object.fromEntries(files.map((name) => [name, 0o600])),
    );
  });

  it('is created 0700 when it does not exist', () => {
    const directory = path.join(temporaryDirectory(), 'nested', 'data');
    startBackend(directory);
    expect(modeOf(directory)).toBe(0o700);
  });
});
