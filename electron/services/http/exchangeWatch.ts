/**
 * What stops the exchanges going on — each one's deadline and its cancellation signal — watched
 * together: one timer, armed for the earliest deadline, and one abort listener per signal (a
 * run's steps share their run's), instead of a timer and a listener of each request's own.
 * Measured in the engine bench, those two cost about a tenth of a step: Node's timers keep one
 * list per distinct duration (every exchange's remaining time differed), and an AbortSignal's
 * listeners are EventTarget listeners. Watching a request now costs two set entries.
 */

/** One exchange as the watch sees it. */
export interface Watched {
  /** When it runs out of time, on `performance.now()`'s clock. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  timedOut(): void;
  aborted(): void;
}

export interface ExchangeWatch {
  /** Watches `exchange` until `unwatch`; calls at most one of its callbacks, after which it is unwatched. */
  watch(exchange: Watched): void;
  unwatch(exchange: Watched): void;
  /** How many exchanges are watched (for tests). */
  size(): number;
}

export function createExchangeWatch(now: () => number = () => performance.now()): ExchangeWatch {
  const watched = new Set<Watched>();
  const bySignal = new WeakMap<AbortSignal, Set<Watched>>();
  let timer: NodeJS.Timeout | undefined;
  /** When the timer fires; Infinity when none is set. */
  let armedFor = Infinity;

  const arm = (deadline: number) => {
    if (deadline >= armedFor) return;
    clearTimeout(timer);
    armedFor = deadline;
    timer = setTimeout(sweep, Math.max(1, Math.ceil(deadline - now())));
    // An exchange going on holds its own handle (a socket, a connection attempt); a deadline
    // left over from one that ended must not keep a finished process alive.
    timer.unref();
  };

  /** Times out every exchange whose deadline has passed, then waits for the next deadline. */
  function sweep() {
    timer = undefined;
    armedFor = Infinity;
    const at = now();
    let next = Infinity;
    for (const exchange of watched) {
      if (exchange.deadline <= at) {
        unwatch(exchange);
        exchange.timedOut();
      } else if (exchange.deadline < next) next = exchange.deadline;
    }
    if (next !== Infinity) arm(next);
  }

  const onSignal = (signal: AbortSignal): Set<Watched> => {
    let listening = bySignal.get(signal);
    if (listening === undefined) {
      const exchanges = new Set<Watched>();
      listening = exchanges;
      bySignal.set(signal, exchanges);
      // Never removed: it lives as long as the signal (a run), and goes with it.
      signal.addEventListener(
        'abort',
        () => {
          for (const exchange of [...exchanges]) {
            unwatch(exchange);
            exchange.aborted();
          }
        },
        { once: true },
      );
    }
    return listening;
  };

  function unwatch(exchange: Watched) {
    if (!watched.delete(exchange)) return;
    if (exchange.signal !== undefined) bySignal.get(exchange.signal)?.delete(exchange);
    // Its deadline stays armed for: the timer (unref'd) finds nothing due and waits for the next.
  }

  return {
    watch: (exchange) => {
      watched.add(exchange);
      if (exchange.signal !== undefined) onSignal(exchange.signal).add(exchange);
      arm(exchange.deadline);
    },
    unwatch,
    size: () => watched.size,
  };
}
