// Where the Electron executable is, for the scripts that start the desktop app (`npm start`,
// `npm run smoke:electron`).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Electron executable's path, or null when the package was installed without it. */
export function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when it was never downloaded.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * The environment the desktop app starts in: this one, plus the better-sqlite3 built for
 * Electron (scripts/electron-native.mjs) and the given variables.
 * @param {string} nativeBinding
 * @param {Record<string, string>} [variables]
 * @returns {NodeJS.ProcessEnv}
 */
export function electronEnvironment(nativeBinding, variables = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const environment = { ...process.env, RUNBOOK_DESIGNER_NATIVE_BINDING: nativeBinding, ...variables };
  // Set by some tools (and VS Code's terminal): it would run Electron as plain Node.
  delete environment.ELECTRON_RUN_AS_NODE;
  return environment;
}
