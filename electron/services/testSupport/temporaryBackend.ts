/** Test support: temp directories cleaned after each test, and a real backend in one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createBackend, type Backend, type BackendOptions } from '../backend';
import { createMasterKeyProvider } from '../secrets/masterKeyProvider';

const directories: string[] = [];
const backends: Backend[] = [];

afterEach(() => {
  for (const backend of backends.splice(0)) backend.dispose();
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

export function temporaryDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-test-'));
  directories.push(directory);
  return directory;
}

type TestBackendOptions = Partial<
  Pick<
    BackendOptions,
    'scheduleClock' | 'log' | 'onDatabaseOpened' | 'commandLine' | 'onWired' | 'queue' | 'startTriggers'
  >
>;

const backendIn = (dataDirectory: string, environmentKey?: string, options: TestBackendOptions = {}) =>
  createBackend({
    dataDirectory,
    shell: 'headless',
    version: 'test',
    keyProvider: (directory) => createMasterKeyProvider({ dataDirectory: directory, environmentKey }),
    log: () => undefined,
    ...options,
  });

export function startBackend(
  dataDirectory = temporaryDirectory(),
  environmentKey?: string,
  options: TestBackendOptions = {},
): Backend {
  const backend = backendIn(dataDirectory, environmentKey, options);
  backends.push(backend);
  return backend;
}

/**
 * A backend in a temp folder that outlives each test, for a file whose tests share one server;
 * `dispose` stops it and removes the folder (call it in afterAll).
 */
export function startFileBackend(): { backend: Backend; dataDirectory: string; dispose(): void } {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-test-'));
  const backend = backendIn(dataDirectory);
  return {
    backend,
    dataDirectory,
    dispose: () => {
      backend.dispose();
      fs.rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** Disposes a backend started by startBackend before the test ends. */
export function stopBackend(backend: Backend): void {
  const index = backends.indexOf(backend);
  if (index >= 0) backends.splice(index, 1);
  backend.dispose();
}
