/**
 * Runs a preload as Electron's sandbox does: as CommonJS whose `require` gives only `electron`
 * (the renderer's modules) and the few built-ins the sandbox offers, so a preload that reaches for
 * anything else — a Node module, a file — fails here as it would in the window.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const nodeRequire = createRequire(import.meta.url);

// The built-ins a sandboxed preload may require (Electron's process-model documentation).
const sandboxBuiltins = new Set(['events', 'timers', 'url']);

/** Runs the preload file once, with `electron` resolving to the given renderer modules. */
export function runSandboxedPreload(file: string, electron: object): void {
  const run = vm.compileFunction(fs.readFileSync(file, 'utf8'), ['exports', 'require', 'module'], {
    filename: file,
  }) as (exports: object, require: (name: string) => unknown, module: { exports: object }) => void;
  const sandboxRequire = (name: string): unknown => {
    if (name === 'electron') return electron;
    if (sandboxBuiltins.has(name)) return nodeRequire(name);
    throw new Error(`A sandboxed preload cannot require '${name}': only electron, events, timers and url.`);
  };
  const module = { exports: {} };
  run(module.exports, sandboxRequire, module);
}
