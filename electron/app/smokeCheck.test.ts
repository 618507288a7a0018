import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSmokeRun, runSmokeCheck, smokeTimeoutMs } from './smokeCheck';

/** A window whose page answers executeJavaScript with `answer` once it has loaded. */
function windowAnswering(answer: () => Promise<unknown>) {
  const webContents = Object.assign(new EventEmitter(), { executeJavaScript: vi.fn(answer) });
  return { window: { webContents } as unknown as BrowserWindow, webContents };
}

async function outcome(
  window: BrowserWindow,
  load: (contents: EventEmitter) => void,
  contents: EventEmitter,
) {
  const lines: string[] = [];
  const result = runSmokeCheck(window, (line) => lines.push(line));
  load(contents);
  return { isPassed: await result, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('isSmokeRun', () => {
  it.each([
    [{ RUNBOOK_DESIGNER_SMOKE: '1' }, true],
    [{ RUNBOOK_DESIGNER_SMOKE: 'yes' }, false],
    [{ RUNBOOK_DESIGNER_SMOKE: '' }, false],
    [{}, false],
  ])('is on for %j only when the variable is 1', (environment, expected) => {
    expect(isSmokeRun(environment)).toBe(expected);
  });
});

describe('runSmokeCheck', () => {
  const emptyList = { ok: true, value: { items: [], total: 0, categories: [] } };

  it('passes when the page answers integrations.list through the bridge', async () => {
    const { window, webContents } = windowAnswering(() => Promise.resolve(emptyList));
    const result = await outcome(window, (contents) => contents.emit('did-finish-load'), webContents);
    expect(result).toEqual({
      isPassed: true,
      lines: ['smoke check passed: integrations.list answered through the window (0 integrations)'],
    });
    expect(webContents.executeJavaScript).toHaveBeenCalledWith(
      expect.stringContaining("'integrations.list'"),
    );
  });

  it('fails, naming the code, when the call is refused', async () => {
    const refusal = {
      ok: false,
      error: { code: 'forbidden', message: 'Calls are accepted from the app window only.' },
    };
    const { window, webContents } = windowAnswering(() => Promise.resolve(refusal));
    const result = await outcome(window, (contents) => contents.emit('did-finish-load'), webContents);
    expect(result).toEqual({
      isPassed: false,
      lines: [
        'smoke check failed: integrations.list was refused: forbidden: Calls are accepted from the app window only.',
      ],
    });
  });

  it('fails when the answer is not what the contract says', async () => {
    const { window, webContents } = windowAnswering(() =>
      Promise.resolve({ ok: true, value: { items: 'none' } }),
    );
    const result = await outcome(window, (contents) => contents.emit('did-finish-load'), webContents);
    expect(result.isPassed).toBe(false);
    expect(result.lines[0]).toMatch(/^smoke check failed: integrations.list answered something else/);
  });

  it('fails when the page could not load', async () => {
    const { window, webContents } = windowAnswering(() => Promise.resolve(emptyList));
    const result = await outcome(
      window,
      (contents) => contents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND'),
      webContents,
    );
    expect(result).toEqual({
      isPassed: false,
      lines: ['smoke check failed: the window did not load: ERR_FILE_NOT_FOUND (-6)'],
    });
    expect(webContents.executeJavaScript).not.toHaveBeenCalled();
  });

  it('fails when no answer comes before the time limit', async () => {
    vi.useFakeTimers();
    const { window, webContents } = windowAnswering(() => new Promise(() => undefined));
    const result = outcome(window, (contents) => contents.emit('did-finish-load'), webContents);
    await vi.advanceTimersByTimeAsync(smokeTimeoutMs);
    expect(await result).toEqual({ isPassed: false, lines: ['smoke check failed: no answer within 60 s'] });
  });
});
