/**
 * How much a run's step records may keep before the run stops: without a bound, a 10 MB
 * variable set in a 10,000-pass loop would write 100 GB of run history and fill the disk.
 * The recorder counts what each step record keeps; a queue worker, what it sends for it.
 */

/** About 1 GB: 100,000 method steps with their bodies cut to 64 KB keep at most ~13 GB. */
export const defaultMaxHistoryChars = 1_000_000_000;

const sizeText = (chars: number) =>
  chars >= 1_000_000_000 ? `${String(chars / 1_000_000_000)} GB` : `${String(chars / 1_000_000)} MB`;

export interface HistoryBudget {
  /** A step record of the run keeps this many characters more. */
  add(runId: string, chars: number): void;
  /** Why the run must stop before this step (its records passed the bound), or undefined. */
  stopReason(runId: string, stepName: string): string | undefined;
  /** The run is over. */
  forget(runId: string): void;
  clear(): void;
}

export function createHistoryBudget(maxChars = defaultMaxHistoryChars): HistoryBudget {
  const kept = new Map<string, number>();
  return {
    add: (runId, chars) => kept.set(runId, (kept.get(runId) ?? 0) + chars),
    stopReason: (runId, stepName) =>
      (kept.get(runId) ?? 0) > maxChars
        ? `The run stopped before "${stepName}": its records passed ${sizeText(maxChars)}. A step keeps ` +
          'a very large output or variable, and every pass of a loop keeps its own: keep a smaller part of it.'
        : undefined,
    forget: (runId) => kept.delete(runId),
    clear: () => kept.clear(),
  };
}
