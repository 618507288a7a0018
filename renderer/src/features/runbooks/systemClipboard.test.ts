import { describe, expect, it } from 'vitest';
import { createStepClipboard, type TextClipboard } from './systemClipboard';

function fakeClipboard(options: { canWrite: boolean; canRead: boolean }): TextClipboard & { text: string } {
  const clipboard = {
    text: 'from another app',
    writeText: (text: string) => {
      if (!options.canWrite) return Promise.reject(new Error('NotAllowedError'));
      clipboard.text = text;
      return Promise.resolve();
    },
    readText: () =>
      options.canRead ? Promise.resolve(clipboard.text) : Promise.reject(new Error('NotAllowedError')),
  };
  return clipboard;
}

describe('the step clipboard', () => {
  it('goes through the system clipboard when it may', async () => {
    const system = fakeClipboard({ canWrite: true, canRead: true });
    const clipboard = createStepClipboard(system);
    expect(await clipboard.read()).toBe('from another app');
    await clipboard.write('steps');
    expect(system.text).toBe('steps');
  });

  it('keeps the copy in memory when reading is refused', async () => {
    const clipboard = createStepClipboard(fakeClipboard({ canWrite: true, canRead: false }));
    await clipboard.write('steps');
    expect(await clipboard.read()).toBe('steps');
  });

  it('prefers its own copy when writing was refused', async () => {
    const clipboard = createStepClipboard(fakeClipboard({ canWrite: false, canRead: true }));
    await clipboard.write('steps');
    expect(await clipboard.read()).toBe('steps');
  });

  it('works without a clipboard API', async () => {
    const clipboard = createStepClipboard(undefined);
    expect(await clipboard.read()).toBeNull();
    await clipboard.write('steps');
    expect(await clipboard.read()).toBe('steps');
  });
});
