/**
 * A run's runbook drawn with the path the run took: the steps it reached in their last state,
 * the edges it followed, up to the point a replay has reached.
 */
import { useMemo, type ReactElement } from 'react';
import { rateLimitWaitLabel } from '../../../../shared/domain/rateLimitWait';
import type { Edge, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { rateLimitWaitWords } from '../../app/rateLimitWaitWords';
import { ReadOnlyCanvas, type EdgeLook, type StepLook } from '../runbooks/ReadOnlyCanvas';
import { recordRehearsal, rehearsalLabel } from './recordRehearsal';
import { edgeKey, recordStatusText, stepStates, takenEdges } from './runPath';
import type { ShownRecord } from './runEvents';

/** The replay bar's height with its 12 px from the canvas's edge and as much again above it (runPage.css). */
const replayBarRoom = 64;

/**
 * The step a debug run is paused before: it has not started (no record, or only its earlier
 * passes' in a loop), so it says where the run stands rather than "not run".
 */
const pausedLook: StepLook = { className: 'path-node is-paused', note: 'paused by the debugger' };

/**
 * What each step still running waits for before its request (or its child run's) leaves, by step
 * id, as its card shows it: only with the whole path (a replay part-way is before the wait).
 */
function stepWaits(records: readonly ShownRecord[], upTo: number): ReadonlyMap<string, StepLook['wait']> {
  const waits = new Map<string, StepLook['wait']>();
  if (upTo < records.length) return waits;
  for (const record of records) {
    const wait = record.rateLimitWait;
    if (record.status !== 'running' || wait === undefined) continue;
    waits.set(record.stepId, { label: rateLimitWaitLabel(wait), text: rateLimitWaitWords(wait) });
  }
  return waits;
}

/** The graph with the path taken by the first `upTo` records; a click on a step selects it. */

export function PathCanvas({
  graph,
  records,
  runStatus,
  upTo,
  pausedBefore,
  onSelect,
}: {
  graph: RunbookGraph;
  records: readonly ShownRecord[];
  /** The run's status: a step waiting for approval reads "waiting". */
  runStatus: string;
  upTo: number;
  /** The step a debugger holds the run before (in whichever process runs it), or undefined. */
  pausedBefore: string | undefined;
  onSelect: (stepId: string) => void;
}): ReactElement {
  const states = useMemo(() => stepStates(records, upTo), [records, upTo]);
  // Shown with the whole path only: a replay part-way is before the pause.
  const paused = upTo === records.length ? pausedBefore : undefined;
  const taken = useMemo(() => takenEdges(graph, records, upTo), [graph, records, upTo]);
  const current = upTo > 0 && upTo < records.length ? records[upTo - 1]?.stepId : undefined;
  // A step whose last record was not sent says so beside its state (pinned, not sent).
  const rehearsed = useMemo(() => {
    const labels = new Map<string, string>();
    for (const record of records.slice(0, upTo)) {
      const rehearsal = recordRehearsal(record);
      if (rehearsal === undefined) labels.delete(record.stepId);
      else labels.set(record.stepId, rehearsalLabel(rehearsal));
    }
    return labels;
  }, [records, upTo]);
  const waits = useMemo(() => stepWaits(records, upTo), [records, upTo]);
  const stepLooks = useMemo(
    () =>
      new Map<string, StepLook>(
        graph.steps.map((step) => {
          if (step.id === paused) return [step.id, pausedLook];
          const status = states.get(step.id);
          const rehearsal = rehearsed.get(step.id);
          const wait = waits.get(step.id);
          return [
            step.id,
            {
              className: `path-node${status === undefined ? ' not-run' : ` live-${status}`}${step.id === current ? ' is-current' : ''}${rehearsal === undefined ? '' : ' is-rehearsed'}`,
              note:
                status === undefined
                  ? 'not run'
                  : `${recordStatusText({ status, stepType: step.type }, runStatus)}${rehearsal === undefined ? '' : ` · ${rehearsal}`}`,
              ...(wait === undefined ? {} : { wait }),
            },
          ];
        }),
      ),
    [graph, states, current, rehearsed, runStatus, paused, waits],
  );
  const edgeLooks = useMemo(
    () =>
      new Map<Edge, EdgeLook>(
        graph.edges.map((edge) => {
          const isTaken = taken.has(edgeKey(edge));
          return [
            edge,
            {
              className: isTaken ? 'edge-taken' : 'edge-not-taken',
              isAnimated: isTaken && upTo < records.length,
            },
          ];
        }),
      ),
    [graph, taken, upTo, records.length],
  );
  return (
    <ReadOnlyCanvas
      graph={graph}
      label="The path this run took"
      clearBelow={replayBarRoom}
      stepLooks={stepLooks}
      edgeLooks={edgeLooks}
      onSelect={onSelect}
    />
  );
}
