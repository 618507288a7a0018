/** The wait of a Delay step: a timer the run's cancellation ends early. */

/**
 * Resolves after `ms`, or rejects with "Cancelled." as soon as `signal` aborts. The abort listener
 * goes when the wait ends: a long For each of Delays would otherwise pile them up on the signal.
 */
export function cancellableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('Cancelled.'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('Cancelled.'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
