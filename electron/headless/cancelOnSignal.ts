/**
 * Ctrl+C (SIGINT) or SIGTERM while `run` waits on its run: the run is cancelled, so it is recorded
 * as cancelled, and the command then ends with 128 + the signal's number, as a shell expects.
 * Left to Node, the process died at once and its run stayed 'running' in the data folder (shown
 * so by an open app) until a later start marked it failed (interrupted). A second signal ends the
 * process at once: each handler is heard once, then Node's default applies again.
 */
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
type HeardSignal = keyof typeof exitCodes;

export interface SignalCancel {
  /** 130 or 143 once a signal has come; undefined until then. */
  exitCode(): number | undefined;
  dispose(): void;
}

/** Calls `cancel` on the first SIGINT or SIGTERM until disposed. */
export function cancelOnSignal(cancel: (signal: HeardSignal) => void): SignalCancel {
  let heard: HeardSignal | undefined;
  const handlers = (Object.keys(exitCodes) as HeardSignal[]).map((signal) => {
    const handler = () => {
      heard = signal;
      cancel(signal);
    };
    process.once(signal, handler);
    return () => process.off(signal, handler);
  });
  return {
    exitCode: () => (heard === undefined ? undefined : exitCodes[heard]),
    dispose: () => {
      for (const remove of handlers) remove();
    },
  };
}
