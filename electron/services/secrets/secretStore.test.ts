import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseFileName, type Backend } from '../backend';
import type { KeyringRepository, StoredKey } from '../db/repositories/keyringRepository';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { open, seal } from './aesGcm';
import type { KeyProvider } from './keyProvider';
import { createMasterKeyProvider, keyFileName } from './masterKeyProvider';
import { createSecretStore } from './secretStore';
import { createSecretsIntegration } from '../testSupport/secretsIntegration';
import { inProcessApi } from '../testSupport/typedApi';

const key = Buffer.alloc(32, 7);

describe('AES-256-GCM sealing', () => {
  it('opens what it sealed', () => {
    expect(open(key, seal(key, Buffer.from('s3cret'), 'a'), 'a').toString()).toBe('s3cret');
  });

  it('gives a different ciphertext each time', () => {
    expect(seal(key, Buffer.from('same'), 'a').equals(seal(key, Buffer.from('same'), 'a'))).toBe(false);
  });

  it('refuses a ciphertext with a changed byte', () => {
    const sealed = seal(key, Buffer.from('s3cret'), 'a');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(() => open(key, sealed, 'a')).toThrow();
  });

  it('refuses a ciphertext moved to another place (associated data)', () => {
    expect(() =>
      open(key, seal(key, Buffer.from('s3cret'), 'configuration:1:token'), 'configuration:2:token'),
    ).toThrow();
  });

  it('refuses another key', () => {
    expect(() => open(Buffer.alloc(32, 8), seal(key, Buffer.from('s3cret'), 'a'), 'a')).toThrow();
  });
});

describe('secrets at rest', () => {
  const markers = [
    'MARKER-api-key-7f3a9c',
    'MARKER-password-Üñî©ødé-✓',
    'MARKER-token-eyJhbGciOiJIUzI1NiJ9.e30',
    'MARKER-client-secret-0d1e2f',
    'MARKER-密码-пароль-🔑',
  ] as const;

  /** Saves every marker as a secret of one configuration (create, then update) and lists it. */
  async function storeMarkers(backend: Backend): Promise<{ id: string; listed: unknown }> {
    const integration = await createSecretsIntegration(
      inProcessApi(backend),
      { name: 'Vault test', category: 'Security' },
      ['apiKey', 'password', 'token', 'clientSecret', 'passphrase'],
    );
    const created = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'Production',
      values: { username: 'svc-account' },
      secrets: { apiKey: markers[0], password: markers[1] },
    });
    await backend.dispatch('configurations.update', {
      id: created.id,
      name: 'Production',
      values: { username: 'svc-account' },
      secrets: { token: markers[2], clientSecret: markers[3], passphrase: markers[4] },
    });
    const listed = await backend.dispatch('configurations.list', { integrationId: integration.id });
    return { id: created.id, listed };
  }

  /** The database file and any -wal / -shm beside it. */
  function databaseFiles(dataDirectory: string): string[] {
    return fs
      .readdirSync(dataDirectory)
      .filter((name) => name.startsWith(databaseFileName))
      .map((name) => path.join(dataDirectory, name));
  }

  function expectNoMarkerIn(files: string[]): void {
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const marker of markers) {
        expect(bytes.includes(Buffer.from(marker, 'utf8')), `${marker} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(marker, 'utf16le')), `${marker} (UTF-16) in ${file}`).toBe(false);
      }
    }
  }

  it('lists secrets only as set and masked, never their values', async () => {
    const { listed } = await storeMarkers(startBackend());
    expect(listed).toMatchObject([
      {
        values: { username: 'svc-account' },
        secrets: {
          apiKey: { set: true, masked: '••••' },
          password: { set: true, masked: '••••' },
          token: { set: true, masked: '••••' },
          clientSecret: { set: true, masked: '••••' },
          passphrase: { set: true, masked: '••••' },
        },
      },
    ]);
    for (const marker of markers) expect(JSON.stringify(listed)).not.toContain(marker);
  });

  it('still gives the HTTP layer the clear values', async () => {
    const backend = startBackend();
    const { id } = await storeMarkers(backend);
    expect(backend.configurations.readSecret(id, 'passphrase')).toBe(markers[4]);
  });

  it('never writes a secret in clear to the database, its WAL or its shared memory while running', async () => {
    const dataDirectory = temporaryDirectory();
    await storeMarkers(startBackend(dataDirectory));
    const files = databaseFiles(dataDirectory);
    expect(files).toContain(path.join(dataDirectory, `${databaseFileName}-wal`));
    expectNoMarkerIn(files);
  });

  it('never leaves a secret in clear in the database files after closing', async () => {
    const dataDirectory = temporaryDirectory();
    const backend = startBackend(dataDirectory);
    await storeMarkers(backend);
    stopBackend(backend);
    const files = databaseFiles(dataDirectory);
    expect(files).toContain(path.join(dataDirectory, databaseFileName));
    expectNoMarkerIn(files);
  });

  it('creates the key file readable by its owner only', () => {
    const dataDirectory = temporaryDirectory();
    startBackend(dataDirectory);
    expect(fs.statSync(path.join(dataDirectory, keyFileName)).mode & 0o777).toBe(0o600);
  });

  it('reads the secrets again after a restart with the same key file', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const integration = await createSecretsIntegration(
      inProcessApi(first),
      { name: 'Restart', category: 'PSA' },
      ['token'],
    );
    const configuration = await inProcessApi(first).call('configurations.create', {
      integrationId: integration.id,
      name: 'Main',
      secrets: { token: 'kept' },
    });
    stopBackend(first);
    expect(startBackend(dataDirectory).configurations.readSecret(configuration.id, 'token')).toBe('kept');
  });

  it('refuses to start with another RUNBOOK_DESIGNER_KEY and says which key is wrong', () => {
    const dataDirectory = temporaryDirectory();
    stopBackend(startBackend(dataDirectory, 'first passphrase'));
    expect(() => startBackend(dataDirectory, 'second passphrase')).toThrow(
      expect.objectContaining({
        code: 'secrets_key_mismatch',
        message: expect.stringMatching(/RUNBOOK_DESIGNER_KEY is not the key/),
      }),
    );
  });

  it('refuses to start with the key file after secrets were saved under the environment key', () => {
    const dataDirectory = temporaryDirectory();
    stopBackend(startBackend(dataDirectory, 'a passphrase'));
    expect(() => startBackend(dataDirectory)).toThrow(/protected by "environment"/);
  });
});

describe('the key file and the data key', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Saves one secret, so the data directory has a wrapped data key and something to lose. */
  async function saveASecret(backend: Backend): Promise<string> {
    const integration = await createSecretsIntegration(
      inProcessApi(backend),
      { name: 'Keys', category: 'PSA' },
      ['token'],
    );
    const configuration = await inProcessApi(backend).call('configurations.create', {
      integrationId: integration.id,
      name: 'Main',
      secrets: { token: 'kept' },
    });
    return configuration.id;
  }

  it.skipIf(process.platform === 'win32')(
    'makes a key file that others can read readable by its owner only',
    async () => {
      const dataDirectory = temporaryDirectory();
      const first = startBackend(dataDirectory);
      const id = await saveASecret(first);
      stopBackend(first);
      const keyFile = path.join(dataDirectory, keyFileName);
      fs.chmodSync(keyFile, 0o644);
      expect(startBackend(dataDirectory).configurations.readSecret(id, 'token')).toBe('kept');
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    },
  );

  it('refuses a key file of the wrong length and leaves it as it was', () => {
    const dataDirectory = temporaryDirectory();
    const keyFile = path.join(dataDirectory, keyFileName);
    fs.writeFileSync(keyFile, 'c2hvcnQ=\n', { mode: 0o600 });
    expect(() => startBackend(dataDirectory)).toThrow(
      expect.objectContaining({ code: 'secrets_key_mismatch', message: expect.stringMatching(/32-byte/) }),
    );
    expect(fs.readFileSync(keyFile, 'utf8')).toBe('c2hvcnQ=\n');
  });

  it('says the key file is missing rather than making a new one the secrets do not open with', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const id = await saveASecret(first);
    stopBackend(first);
    const keyFile = path.join(dataDirectory, keyFileName);
    const original = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);
    expect(() => startBackend(dataDirectory)).toThrow(
      expect.objectContaining({ code: 'secrets_key_mismatch', message: expect.stringMatching(/is missing/) }),
    );
    expect(fs.existsSync(keyFile)).toBe(false);
    fs.writeFileSync(keyFile, original, { mode: 0o600 });
    expect(startBackend(dataDirectory).configurations.readSecret(id, 'token')).toBe('kept');
  });

  it('uses the key file another process created between its look and its write', () => {
    const dataDirectory = temporaryDirectory();
    const theirs = createMasterKeyProvider({ dataDirectory });
    theirs.wrap(Buffer.alloc(32, 3));
    // The other process's file appears just after this one found none.
    vi.spyOn(fs, 'existsSync').mockReturnValueOnce(false);
    vi.spyOn(fs, 'readFileSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    });
    const ours = createMasterKeyProvider({ dataDirectory });
    const wrapped = ours.wrap(Buffer.alloc(32, 4));
    vi.restoreAllMocks();
    expect(theirs.unwrap(wrapped)).toEqual(Buffer.alloc(32, 4));
    expect(fs.readdirSync(dataDirectory)).toEqual([keyFileName]);
  });

  it('uses the data key another process saved first', () => {
    const provider = createMasterKeyProvider({ dataDirectory: temporaryDirectory() });
    const theirKey = Buffer.alloc(32, 5);
    let saved: StoredKey | undefined;
    let looks = 0;
    const keyring: KeyringRepository = {
      // Nothing yet when this process looks; the other one saves before this one does.
      get: () => (looks++ === 0 ? undefined : saved),
      save: () => {
        saved = { provider: provider.name, wrappedKey: provider.wrap(theirKey) };
        throw new Error('UNIQUE constraint failed: keyring.id');
      },
    };
    const store = createSecretStore(keyring, provider);
    expect(store.decrypt(seal(theirKey, Buffer.from('theirs'), 'a'), 'a')).toBe('theirs');
  });

  it('refuses a data key of the wrong length from the key provider', () => {
    const provider: KeyProvider = {
      name: 'test',
      describe: () => ({ provider: 'environment', isWeak: false, detail: 'test' }),
      wrap: (key) => key,
      unwrap: () => Buffer.from('not a key'),
    };
    const keyring: KeyringRepository = {
      get: () => ({ provider: 'test', wrappedKey: Buffer.alloc(32) }),
      save: () => undefined,
    };
    expect(() => createSecretStore(keyring, provider)).toThrow(
      expect.objectContaining({ code: 'secrets_key_mismatch' }),
    );
  });
});
