/**
 * The check behind `npm run smoke:electron`, run by the main process only when
 * RUNBOOK_DESIGNER_SMOKE=1: once the window has loaded, it calls `integrations.list` from inside
 * the page through the preload bridge — the path every call of the window takes — and says
 * whether a valid answer came back. A normal start never runs it.
 */
import type { BrowserWindow } from 'electron';
import { apiCalls } from '../../shared/api/contract';

/** The environment variable that asks for the smoke check (value "1"). */
export const smokeVariable = 'RUNBOOK_DESIGNER_SMOKE';

/** How long the window may take to load and answer before the check counts as failed. */
export const smokeTimeoutMs = 60_000;

// Runs in the page, so it reaches only what the preload exposed, as the renderer does. A page
// without the bridge answers a marker instead of throwing: errors thrown in the page reach main
// as text that differs between Electron versions.
const pageScript =
  "typeof window.runbookApi === 'undefined' ? 'no-bridge' : window.runbookApi.call('integrations.list', {})";

/** True only when the environment asks for the smoke check. */
export function isSmokeRun(environment: NodeJS.ProcessEnv = process.env): boolean {
  return environment[smokeVariable] === '1';
}

/** Settles when the page has loaded, or rejects when it could not load or its process ended. */
function whenLoaded(window: BrowserWindow): Promise<void> {
  const contents = window.webContents;
  return new Promise((resolve, reject) => {
    contents.once('did-finish-load', () => resolve());
    contents.once('did-fail-load', (_event, code, description) =>
      reject(new Error(`the window did not load: ${description} (${String(code)})`)),
    );
    contents.once('render-process-gone', (_event, details) =>
      reject(new Error(`the window's process ended: ${details.reason}`)),
    );
  });
}

/** Describes a valid answer of integrations.list through the bridge, or throws saying what is wrong. */
function describeAnswer(answer: unknown): string {
  if (answer === 'no-bridge') throw new Error('the page has no window.runbookApi: the preload did not run');
  const envelope = answer as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (envelope?.ok === false) {
    throw new Error(
      `integrations.list was refused: ${String(envelope.error?.code)}: ${String(envelope.error?.message)}`,
    );
  }
  const parsed = apiCalls['integrations.list'].output.safeParse(
    envelope?.ok === true ? envelope.value : undefined,
  );
  if (!parsed.success)
    throw new Error(`integrations.list answered something else: ${JSON.stringify(answer)}`);
  return `integrations.list answered through the window (${String(parsed.data.total)} integrations)`;
}

async function callThroughWindow(window: BrowserWindow): Promise<string> {
  await whenLoaded(window);
  return describeAnswer(await window.webContents.executeJavaScript(pageScript));
}

/**
 * Runs the check on a window whose page is loading; logs one line with the outcome and resolves
 * true when the bridge answered, false when it did not (also when timeoutMs passed first).
 */
export async function runSmokeCheck(
  window: BrowserWindow,
  log: (line: string) => void,
  timeoutMs = smokeTimeoutMs,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${String(timeoutMs / 1000)} s`)), timeoutMs);
  });
  try {
    log(`smoke check passed: ${await Promise.race([callThroughWindow(window), timeout])}`);
    return true;
  } catch (error) {
    log(`smoke check failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
