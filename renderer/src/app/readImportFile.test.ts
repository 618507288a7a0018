import { describe, expect, it } from 'vitest';
import { readImportFile } from './readImportFile';

describe('readImportFile', () => {
  it('reads UTF-8 text, dropping a byte order mark', async () => {
    const file = new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), '{"name": "Zürich"}']);
    expect(await readImportFile(file)).toBe('{"name": "Zürich"}');
  });

  it('refuses bytes that are not UTF-8, saying where, instead of reading U+FFFD', async () => {
    const file = new Blob(['{"name": "Caf', new Uint8Array([0xe9]), '"}']);
    await expect(readImportFile(file)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('byte 13 is not valid UTF-8') as unknown,
    });
  });

  it('counts the limit in bytes: 2.1 million three-byte characters are 6 MB', async () => {
    await expect(readImportFile(new Blob(['€'.repeat(2_100_000)]))).rejects.toMatchObject({
      message: 'This file cannot be imported: it is 6.0 MB; at most 4 MB are read.',
    });
  });
});
