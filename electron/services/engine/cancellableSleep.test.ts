import { describe, expect, it } from 'vitest';
import { cancellableSleep } from './cancellableSleep';

describe('cancellableSleep', () => {
  it('waits, then leaves no listener on the signal', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      listeners += 1;
      add(...args);
    }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      listeners -= 1;
      remove(...args);
    }) as typeof remove;
    await cancellableSleep(1, signal);
    expect(listeners).toBe(0);
  });

  it('ends with "Cancelled." when the run is cancelled during the wait', async () => {
    const controller = new AbortController();
    const waiting = cancellableSleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow('Cancelled.');
  });

  it('does not start waiting for a run already cancelled', async () => {
    await expect(cancellableSleep(60_000, AbortSignal.abort())).rejects.toThrow('Cancelled.');
  });
});
