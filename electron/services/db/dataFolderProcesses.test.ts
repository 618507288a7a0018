/** Which processes have a data folder open: a living one counts, a gone one's file is cleared. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../testSupport/temporaryBackend';
import { registerDataFolderProcess } from './dataFolderProcesses';

const host = os.hostname().replace(/[^\w.-]/g, '_');

/** A child process that waits until its stdin closes; `end` closes it and waits for the exit. */
function startChild() {
  const child = spawn(process.execPath, ['-e', 'process.stdin.resume(); process.stdin.on("end", () => {})']);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async () => {
    child.stdin.end();
    await exited;
  };
  return { pid: child.pid ?? 0, end };
}

describe('registerDataFolderProcess', () => {
  it('finds another living process of this machine in the folder', async () => {
    const folder = temporaryDirectory();
    const child = startChild();
    fs.mkdirSync(path.join(folder, 'processes'));
    fs.writeFileSync(path.join(folder, 'processes', `${String(child.pid)}@${host}`), '');
    const registered = registerDataFolderProcess(folder);
    expect(registered.hasOthers).toBe(true);
    registered.dispose();
    await child.end();
  });

  it('counts a process gone, or of another machine, as not there, and removes the file it left', async () => {
    const folder = temporaryDirectory();
    const child = startChild();
    await child.end();
    const left = path.join(folder, 'processes', `${String(child.pid)}@${host}`);
    fs.mkdirSync(path.dirname(left));
    fs.writeFileSync(left, '');
    fs.writeFileSync(path.join(folder, 'processes', `${String(process.ppid)}@another-host`), '');
    const registered = registerDataFolderProcess(folder);
    expect(registered.hasOthers).toBe(false);
    expect(fs.existsSync(left)).toBe(false);
    expect(registered.name).toMatch(new RegExp(`^${String(process.pid)}-[0-9a-f]{6}@${host}$`));
    expect(fs.readdirSync(path.dirname(left))).toContain(registered.name);
    registered.dispose();
    expect(fs.readdirSync(path.dirname(left))).not.toContain(registered.name);
  });

  it('tells the processes that have the folder open now from those gone, two openings of one process apart', async () => {
    const folder = temporaryDirectory();
    const child = startChild();
    fs.mkdirSync(path.join(folder, 'processes'));
    const living = `${String(child.pid)}@${host}`;
    fs.writeFileSync(path.join(folder, 'processes', living), '');
    const first = registerDataFolderProcess(folder);
    const second = registerDataFolderProcess(folder);
    expect(second.hasOthers).toBe(true);
    expect(second.name).not.toBe(first.name);
    expect([living, first.name, second.name].map((name) => second.isOpenBy(name))).toEqual([
      true,
      true,
      true,
    ]);
    first.dispose();
    await child.end();
    expect(
      [living, first.name, `${String(child.pid)}@another-host`].map((name) => second.isOpenBy(name)),
    ).toEqual([false, false, false]);
    second.dispose();
  });

  it('counts a file with its own process id that it did not open as left (a process before it had that id)', () => {
    const folder = temporaryDirectory();
    const left = path.join(folder, 'processes', `${String(process.pid)}-0a0a0a@${host}`);
    fs.mkdirSync(path.dirname(left));
    fs.writeFileSync(left, '');
    const registered = registerDataFolderProcess(folder);
    expect(registered.hasOthers).toBe(false);
    expect(fs.existsSync(left)).toBe(false);
    expect(registered.isOpenBy(path.basename(left))).toBe(false);
    registered.dispose();
  });

  it('counts a file not touched for a minute as left, though a living process has its id now', async () => {
    const folder = temporaryDirectory();
    const child = startChild();
    // As after a crash and a restart of the machine: the id of the process gone is another's now.
    const left = path.join(folder, 'processes', `${String(child.pid)}@${host}`);
    fs.mkdirSync(path.dirname(left));
    fs.writeFileSync(left, '');
    const longAgo = new Date(Date.now() - 2 * 60_000);
    fs.utimesSync(left, longAgo, longAgo);
    const registered = registerDataFolderProcess(folder);
    expect(registered.hasOthers).toBe(false);
    expect(fs.existsSync(left)).toBe(false);
    registered.dispose();
    await child.end();
  });
});
