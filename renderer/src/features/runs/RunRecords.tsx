/** The side of a run's page: the inputs it was given, what started it, and every step's record. */
import { useCallback, useMemo, useRef, useState, type ReactElement } from 'react';
import { countOf } from '../../app/countOf';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { stepTypes, type Step, type StepType } from '../../../../shared/runbook/stepTypes';
import type { ShownRun } from './runEvents';
import { RunInputs } from './RunInputs';
import { RunTriggerFacts } from './RunTriggerFacts';
import { StepRecordView } from './StepRecordView';
import { useWhenNearView } from './useRunPages';

/**
 * Records drawn at first, and added each time the list's end comes near (or "Show more" is
 * pressed): a run holds up to 10,000, and drawing 1,000 at once held the window seconds.
 */
export const recordsPerPage = 200;

export function RunRecords({
  runId,
  run,
  graph,
  draftSteps,
  isGoing,
  selectedSeq,
  nameOf,
  onSelectSeq,
  onReadWhole,
  onRerunFrom,
}: {
  runId: string;
  run: ShownRun;
  /** The graph the run ran, once read. */
  graph: RunbookGraph | undefined;
  /** The steps of the runbook's draft now; undefined when the runbook is not read or no longer exists. */
  draftSteps: readonly Step[] | undefined;
  isGoing: boolean;
  /** The record opened and marked, by its seq. */
  selectedSeq: number | null;
  nameOf: (stepId: string) => string;
  onSelectSeq: (seq: number) => void;
  onReadWhole: (seq: number) => void;
  onRerunFrom: (stepId: string) => void;
}): ReactElement {
  // By id: a record each, and a run of 1,000 steps looked each one up in the whole list.
  const draftById = useMemo(() => new Map(draftSteps?.map((step) => [step.id, step])), [draftSteps]);
  const [pages, setPages] = useState(1);
  // A record chosen on the canvas is drawn, however far down the list it is.
  const selectedIndex =
    selectedSeq === null ? -1 : run.steps.findIndex((record) => record.seq === selectedSeq);
  const shownCount = Math.min(run.steps.length, Math.max(pages * recordsPerPage, selectedIndex + 1));
  const notShown = run.steps.length - shownCount;
  const showMore = useCallback(() => setPages(Math.floor(shownCount / recordsPerPage) + 1), [shownCount]);
  const end = useRef<HTMLDivElement>(null);
  useWhenNearView(end, showMore, notShown > 0);
  return (
    <aside className="run-records" aria-label="Step records">
      <h2>Inputs</h2>
      <RunInputs inputs={run.inputs} declared={graph?.inputs} />
      <RunTriggerFacts run={run} />
      <h2>Steps</h2>
      {/* Room for the numbers: "1,000." was cut to "000." in the 20px the list had. */}
      <ol className="run-steps" style={{ paddingLeft: `${String(String(run.steps.length).length + 2)}ch` }}>
        {run.steps.slice(0, shownCount).map((record) => (
          <StepRecordView
            key={record.seq}
            runId={runId}
            record={record}
            runStatus={run.status}
            name={nameOf(record.stepId)}
            draftStep={draftById.get(record.stepId)}
            isSelected={record.seq === selectedSeq}
            canRerun={
              !isGoing && stepTypes[record.stepType as StepType]?.isStart !== true && draftSteps !== undefined
            }
            onToggle={(isOpen) => {
              if (isOpen) onSelectSeq(record.seq);
            }}
            onReadWhole={onReadWhole}
            onRerunFrom={() => onRerunFrom(record.stepId)}
          />
        ))}
      </ol>
      {notShown > 0 && (
        <div ref={end} className="run-records-more">
          <p className="muted">{countOf(notShown, 'more record')} not shown yet.</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              // The keyboard goes on from the first record it drew, not from a button that may go.
              const firstNew = run.steps[shownCount];
              showMore();
              if (firstNew !== undefined)
                requestAnimationFrame(() =>
                  document.querySelector<HTMLElement>(`#record-${String(firstNew.seq)} summary`)?.focus(),
                );
            }}
          >
            Show {countOf(Math.min(notShown, recordsPerPage), 'more record')}
          </button>
        </div>
      )}
    </aside>
  );
}
