import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppFile } from './resolveAppFile';

describe('resolveAppFile', () => {
  let parent: string;
  let root: string;

  beforeAll(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'));
    root = path.join(parent, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(root, 'assets', 'index 1.js'), '');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'not for the page');
    fs.writeFileSync(path.join(parent, 'renderer-sibling.txt'), 'not for the page either');
  });
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('serves the page for the root path', () => {
    expect(resolveAppFile(root, '/')).toBe(path.join(root, 'index.html'));
  });

  it('serves a percent-encoded file name of the build', () => {
    expect(resolveAppFile(root, '/assets/index%201.js')).toBe(path.join(root, 'assets', 'index 1.js'));
  });

  it.each([
    ['a parent directory', '/../secret.txt'],
    ['an encoded parent directory', '/%2e%2e/secret.txt'],
    ['encoded slashes', '/..%2fsecret.txt'],
    ['backslashes', '/..%5csecret.txt'],
    ['a sibling sharing the prefix', '/../renderer-sibling.txt'],
    ['an absolute path', '/%2fetc%2fpasswd'],
  ])('refuses %s', (_label, pathname) => {
    expect(resolveAppFile(root, pathname)).toBeUndefined();
  });

  it('refuses a directory, a missing file, bad percent-encoding and NUL bytes', () => {
    expect(resolveAppFile(root, '/assets')).toBeUndefined();
    expect(resolveAppFile(root, '/missing.js')).toBeUndefined();
    expect(resolveAppFile(root, '/%E0%A4%A')).toBeUndefined();
    expect(resolveAppFile(root, '/index.html%00.js')).toBeUndefined();
  });
});
