/**
 * Starting the built desktop shell on a stand-in Electron: again on the same data folder (the
 * keychain that wrapped its data key opens it, another one is refused with a message), and in
 * the smoke mode that `npm run smoke:electron` runs where the Electron binary exists.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcBridge } from '../../shared/api/ipcBridge';
import { firstWindowOf, pageBridge, startDesktopShell, stopDesktopShell } from './support/desktopShell';
import type { ElectronStandIn } from './support/electronStandIn';

let workDirectory = '';
const running: ElectronStandIn[] = [];

beforeAll(() => {
  workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-desktop-start-'));
});

beforeEach(() => {
  // The Node build of better-sqlite3 is the one this process can load.
  vi.stubEnv('RUNBOOK_DESIGNER_NATIVE_BINDING', '');
  vi.stubEnv('RUNBOOK_DESIGNER_SMOKE', '');
});

afterEach(async () => {
  for (const shell of running.splice(0)) await stopDesktopShell(shell);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

afterAll(() => {
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

/** Starts the shell on the data folder (RUNBOOK_DESIGNER_DATA_DIR) with the keychain's key. */
function start(dataDirectory: string, keychainKey: Buffer, runsPreload = true): ElectronStandIn {
  vi.stubEnv('RUNBOOK_DESIGNER_DATA_DIR', dataDirectory);
  const shell = startDesktopShell({ userData: path.join(workDirectory, 'unused'), keychainKey, runsPreload });
  running.push(shell);
  return shell;
}

/** Quits a shell this file started and waits for its exit code. */
async function stop(shell: ElectronStandIn): Promise<number> {
  running.splice(running.indexOf(shell), 1);
  return stopDesktopShell(shell);
}

async function listedNames(api: IpcBridge): Promise<string[]> {
  const result = await api.call('integrations.list', {});
  if (!result.ok) throw new Error(`integrations.list was refused: ${JSON.stringify(result.error)}`);
  return (result.value as { items: { name: string }[] }).items.map((item) => item.name);
}

/** Lines the shell logs to stderr while fn runs (the log of main.ts). */
async function loggedLines(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
  await fn();
  return lines;
}

/** A data folder in which a start with this keychain created one integration, named `name`. */
async function dataWrittenWith(keychainKey: Buffer, name: string): Promise<string> {
  const dataDirectory = path.join(workDirectory, name);
  const shell = start(dataDirectory, keychainKey);
  const api = pageBridge(await firstWindowOf(shell));
  expect((await api.call('integrations.create', { details: { name, category: 'PSA' } })).ok).toBe(true);
  expect(await stop(shell)).toBe(0);
  return dataDirectory;
}

describe('starting the built desktop shell again', () => {
  const keychainKey = crypto.randomBytes(32);

  it('opens the data an earlier start wrote, with the same keychain', async () => {
    const dataDirectory = await dataWrittenWith(keychainKey, 'Kept');
    const again = start(dataDirectory, keychainKey);
    expect(await listedNames(pageBridge(await firstWindowOf(again)))).toEqual(['Kept']);
  });

  it('refuses data whose key another keychain wrapped, saying why, and changes nothing', async () => {
    const dataDirectory = await dataWrittenWith(keychainKey, 'Guarded');
    const stranger = start(dataDirectory, crypto.randomBytes(32));
    await expect(firstWindowOf(stranger)).rejects.toThrow(/exited with 1 before opening a window/);
    expect(stranger.record.errorBoxes).toEqual([
      {
        title: 'Runbook Designer cannot start',
        content: expect.stringContaining('keychain could not unlock'),
      },
    ]);
    expect(stranger.record.ipcHandlers.size).toBe(0);
    expect(await stop(stranger)).toBe(1);
    // The failed start closed the database it had opened (SQLite drops the log with the last connection).
    expect(fs.existsSync(path.join(dataDirectory, 'runbook-designer.sqlite-wal'))).toBe(false);

    const owner = start(dataDirectory, keychainKey);
    expect(await listedNames(pageBridge(await firstWindowOf(owner)))).toEqual(['Guarded']);
  });
});

describe('the smoke mode of npm run smoke:electron', () => {
  it('calls integrations.list through the page, closes the data and exits 0', async () => {
    vi.stubEnv('RUNBOOK_DESIGNER_SMOKE', '1');
    const dataDirectory = path.join(workDirectory, 'smoke');
    let shell: ElectronStandIn | undefined;
    const lines = await loggedLines(async () => {
      shell = start(dataDirectory, crypto.randomBytes(32));
      expect(await shell.app.exited).toBe(0);
    });
    expect(lines).toContainEqual(
      expect.stringContaining(
        'smoke check passed: integrations.list answered through the window (0 integrations)',
      ),
    );
    expect(shell?.record.ipcHandlers.size).toBe(0);
    expect(fs.existsSync(path.join(dataDirectory, 'runbook-designer.sqlite-wal'))).toBe(false);
  });

  it('exits 1, saying why, when the page has no bridge', async () => {
    vi.stubEnv('RUNBOOK_DESIGNER_SMOKE', '1');
    const lines = await loggedLines(async () => {
      const shell = start(path.join(workDirectory, 'smoke-broken'), crypto.randomBytes(32), false);
      expect(await shell.app.exited).toBe(1);
    });
    expect(lines).toContainEqual(
      expect.stringMatching(/smoke check failed: the page has no window.runbookApi: the preload did not run/),
    );
  });

  it('exits 1 with the reason in the log, and no modal box, when the app cannot start', async () => {
    const dataDirectory = await dataWrittenWith(crypto.randomBytes(32), 'Smoke refused');
    vi.stubEnv('RUNBOOK_DESIGNER_SMOKE', '1');
    let shell: ElectronStandIn | undefined;
    const lines = await loggedLines(async () => {
      shell = start(dataDirectory, crypto.randomBytes(32));
      expect(await shell.app.exited).toBe(1);
    });
    expect(shell?.record.errorBoxes).toEqual([]);
    expect(lines).toContainEqual(expect.stringContaining('start failed: secrets_key_mismatch'));
  });
});
