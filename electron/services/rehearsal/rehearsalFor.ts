/**
 * Which rehearsal a run started by hand gets (see engine/responseSource.ts): a designer run uses
 * the pins of each runbook it runs; a dry run sends only safe requests; a run from the command
 * line uses no pins. A re-run of a run of the draft started by hand rehearses as it did, with the
 * pins as they are now (runbooks/runbookRuns.ts). Runs of published versions (webhooks, schedules,
 * re-runs of them) get none.
 */
import type { RunMode, PinValue } from '../../../shared/rehearsal/rehearsal';
import { stalePinOf } from '../../../shared/rehearsal/stepPins';
import { dryRunSource, pinnedSource, type Rehearsal } from '../engine/responseSource';

const noPins: ReadonlyMap<string, PinValue> = new Map();

/**
 * The rehearsal of a run in `mode`; with `usePins`, each runbook's pins (read once per runbook and
 * run). Undefined when nothing is rehearsed: a live run without pins sends everything.
 */
export function rehearsalFor(
  mode: Exclude<RunMode, 'replay'>,
  usePins: boolean,
  pinsOf: (runbookId: string) => ReadonlyMap<string, PinValue>,
): Rehearsal | undefined {
  if (mode === 'live' && !usePins) return undefined;
  const read = new Map<string, ReadonlyMap<string, PinValue>>();
  const pins = (runbookId: string) => {
    if (!usePins) return noPins;
    let found = read.get(runbookId);
    if (found === undefined) {
      found = pinsOf(runbookId);
      read.set(runbookId, found);
    }
    return found;
  };
  return {
    mode,
    sourceFor: (runbookId) =>
      mode === 'dryRun' ? dryRunSource(pins(runbookId)) : pinnedSource(pins(runbookId)),
    pinProblemOf: (runbookId, graph) => stalePinOf(graph.steps, pins(runbookId)),
  };
}
