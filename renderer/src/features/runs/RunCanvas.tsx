/** The canvas half of a run's page: the path the run took (PathCanvas.tsx) and the bar that replays it. */
import type { ReactElement } from 'react';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { Icon } from '../../app/icons';
import { PathCanvas } from './PathCanvas';
import type { ShownRecord } from './runEvents';
import type { RunReplay } from './useRunReplay';

export function RunCanvas({
  graph,
  records,
  runStatus,
  isGoing,
  replay,
  pausedBefore,
  onSelect,
}: {
  /** The graph the run ran; undefined when its runbook no longer exists. */
  graph: RunbookGraph | undefined;
  records: readonly ShownRecord[];
  runStatus: string;
  isGoing: boolean;
  replay: RunReplay;
  /** The step a debugger holds the run before, or undefined. */
  pausedBefore: string | undefined;
  onSelect: (stepId: string) => void;
}): ReactElement {
  const { replayAt, upTo } = replay;
  return (
    <div className="run-canvas canvas">
      {graph !== undefined ? (
        <PathCanvas
          graph={graph}
          records={records}
          runStatus={runStatus}
          upTo={upTo}
          pausedBefore={pausedBefore}
          onSelect={onSelect}
        />
      ) : (
        <p className="muted">The runbook of this run no longer exists.</p>
      )}
      <div className="replay-bar">
        {replayAt === null ? (
          <button
            type="button"
            className="button button-small"
            onClick={replay.replay}
            disabled={records.length < 2 || isGoing}
          >
            <Icon name="runs" /> Replay
          </button>
        ) : (
          <button type="button" className="button button-small" onClick={replay.stop}>
            Stop
          </button>
        )}
        <input
          type="range"
          min={0}
          max={records.length}
          value={upTo}
          aria-label="Step through the run"
          aria-valuetext={`${String(upTo)} of ${String(records.length)} steps`}
          onChange={(event) => replay.seek(Number(event.target.value))}
        />
        <span className="muted">
          {upTo}/{records.length}
        </span>
      </div>
    </div>
  );
}
