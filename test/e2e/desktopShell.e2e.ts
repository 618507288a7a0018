/**
 * The desktop shell as built (dist/electron/app/main.cjs and preload.cjs) on a stand-in Electron,
 * since the Electron binary cannot be installed here: calls go from the page through the real
 * preload bridge and the real IPC handler to the backend, on real SQLite in a temp data folder,
 * with secrets wrapped by a keychain that really encrypts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEventMessage } from '../../shared/api/contract';
import type { IpcBridge, IpcResult } from '../../shared/api/ipcBridge';
import { contentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import {
  bundleDirectory,
  firstWindowOf,
  pageBridge,
  startDesktopShell,
  stopDesktopShell,
} from './support/desktopShell';
import type { ElectronStandIn } from './support/electronStandIn';
import { preventableEvent, type StandInWindow } from './support/standInWindow';

const appPage = 'app://runbook-designer/index.html';
const databaseName = 'runbook-designer.sqlite';
let workDirectory = '';

beforeAll(() => {
  workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-desktop-'));
  // The Node build of better-sqlite3 is the one this process can load.
  vi.stubEnv('RUNBOOK_DESIGNER_NATIVE_BINDING', '');
  vi.stubEnv('RUNBOOK_DESIGNER_SMOKE', '');
});

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

/** A fresh data folder, given to the shell as RUNBOOK_DESIGNER_DATA_DIR (as `npm start` passes it). */
function newDataDirectory(name: string): string {
  const directory = path.join(workDirectory, name);
  vi.stubEnv('RUNBOOK_DESIGNER_DATA_DIR', directory);
  return directory;
}

function startOn(keychainKey: Buffer, runsPreload = true): ElectronStandIn {
  return startDesktopShell({
    userData: path.join(workDirectory, 'unused-user-data'),
    keychainKey,
    runsPreload,
  });
}

/** A call through the bridge that must succeed. */
async function ok<T>(api: IpcBridge, name: string, input: unknown): Promise<T> {
  const result = await api.call(name, input);
  if (!result.ok) throw new Error(`${name} was refused: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('the built desktop shell on a stand-in Electron', () => {
  const keychainKey = crypto.randomBytes(32);
  let dataDirectory = '';
  let shell: ElectronStandIn;
  let window: StandInWindow;
  let api: IpcBridge;

  beforeAll(async () => {
    dataDirectory = newDataDirectory('running');
    shell = startOn(keychainKey);
    window = await firstWindowOf(shell);
    api = pageBridge(window);
  });

  afterAll(async () => {
    await stopDesktopShell(shell);
  });

  it('opens one sandboxed, context-isolated window without Node, on the app page', () => {
    expect(shell.app.isSandboxEnabled).toBe(true);
    expect(window.options.webPreferences).toMatchObject({
      preload: path.join(bundleDirectory, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(window.webContents.getURL()).toBe(appPage);
    expect(Object.keys(window.webContents.mainWorld)).toEqual(['runbookApi']);
    expect(shell.record.applicationMenu?.template.length).toBeGreaterThan(0);
  });

  it('sends links to other sites to the system browser instead of opening or navigating', () => {
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/docs' })).toEqual({
      action: 'deny',
    });
    const navigation = preventableEvent();
    window.webContents.emit('will-navigate', navigation, 'https://example.com/away');
    expect(navigation.isDefaultPrevented).toBe(true);
    expect(shell.record.openedExternally).toEqual(['https://example.com/docs', 'https://example.com/away']);
  });

  it('grants the clipboard to the app page only, and no other permission', () => {
    const decide = (permission: string, requestingUrl: string) => {
      let decision: boolean | undefined;
      shell.record.permissionRequestHandler?.({}, permission, (isGranted) => (decision = isGranted), {
        requestingUrl,
      });
      return decision;
    };
    expect(decide('clipboard-sanitized-write', appPage)).toBe(true);
    expect(decide('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(decide('media', appPage)).toBe(false);
  });

  it('serves the built page from app:// with its Content-Security-Policy, and nothing outside it', async () => {
    expect(shell.record.privilegedSchemes).toMatchObject([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
    const serve = shell.record.protocolHandlers.get('app');
    if (serve === undefined) throw new Error('app:// is not served');
    const page = await serve(new Request(appPage));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await page.text()).toContain('<div id="root">');
    // dist/renderer/../../package.json exists: only the app:// handler's guard keeps it out.
    expect((await serve(new Request('app://runbook-designer/..%2f..%2fpackage.json'))).status).toBe(404);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('lists integrations through the preload bridge and the IPC handler', async () => {
    expect(await api.call('integrations.list', {})).toEqual({
      ok: true,
      value: { items: [], total: 0, categories: expect.arrayContaining(['PSA', 'Other']) },
    });
  });

  it('keeps its data in the data folder it was given, secrets protected by the keychain', async () => {
    expect(await ok(api, 'app.info', {})).toMatchObject({
      shell: 'electron',
      dataDirectory,
      databaseFile: path.join(dataDirectory, databaseName),
      keyProtection: {
        provider: 'safe-storage',
        isWeak: false,
        detail: expect.stringContaining('gnome_libsecret'),
      },
    });
  });

  it('creates an integration with a secret, pushes the change to the page and lists it', async () => {
    const events: ApiEventMessage[] = [];
    const unsubscribe = api.onEvent((message) => events.push(message));
    const created = await ok<{ id: string }>(api, 'integrations.create', {
      details: { name: 'HaloPSA', category: 'PSA' },
    });
    unsubscribe();
    expect(events).toContainEqual({
      name: 'integrations.changed',
      payload: { id: created.id, change: 'created' },
    });
    // An OAuth client's secret: a configuration keeps only the secrets its integration reads.
    await ok(api, 'integrations.updateDefinition', {
      id: created.id,
      definition: {
        auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://login.example/token' },
      },
    });
    await ok(api, 'configurations.create', {
      integrationId: created.id,
      name: 'Production',
      secrets: { clientSecret: 'SECRET-desktop-5e1f' },
    });
    expect(await ok(api, 'integrations.list', {})).toMatchObject({ total: 1, items: [{ id: created.id }] });
    const configurations = await api.call('configurations.list', { integrationId: created.id });
    expect(JSON.stringify(configurations)).not.toContain('SECRET-desktop-5e1f');
    const files = fs.readdirSync(dataDirectory, { withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((file) => file.name)).toContain(databaseName);
    for (const { name } of files) {
      expect(fs.readFileSync(path.join(dataDirectory, name)).includes('SECRET-desktop-5e1f'), name).toBe(
        false,
      );
    }
  });

  it('refuses a call whose input the contract does not allow, naming the field, and creates nothing', async () => {
    const refused: IpcResult = await api.call('integrations.create', {
      details: { name: '', category: 'PSA' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'details.name' } });
    expect(await api.call('integrations.dropEverything', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_call' },
    });
    expect(await ok(api, 'integrations.list', {})).toMatchObject({ total: 1 });
  });

  it('refuses calls from a frame that is not the app page', async () => {
    window.webContents.url = 'https://example.com/';
    try {
      expect(await api.call('integrations.list', {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    } finally {
      window.webContents.url = appPage;
    }
  });

  it('quits when its window closes: the window state is kept, the handler removed, the database closed', async () => {
    const writeAheadLog = path.join(dataDirectory, `${databaseName}-wal`);
    expect(fs.existsSync(writeAheadLog)).toBe(true);
    window.close();
    expect(await shell.app.exited).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dataDirectory, 'window-state.json'), 'utf8'))).toMatchObject({
      width: 1280,
      height: 820,
      isMaximized: false,
    });
    expect(shell.record.ipcHandlers.size).toBe(0);
    await expect(api.call('integrations.list', {})).rejects.toThrow(/No handler registered/);
    // SQLite removes the write-ahead log when the last connection closes.
    expect(fs.existsSync(writeAheadLog)).toBe(false);
  });
});
