/** The side of a run's page: the inputs it was given, what started it, and every step's record. */
import type { ReactElement } from 'react';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { stepTypes, type Step, type StepType } from '../../../../shared/runbook/stepTypes';
import type { ShownRun } from './runEvents';
import { RunInputs } from './RunInputs';
import { RunTriggerFacts } from './RunTriggerFacts';
import { StepRecordView } from './StepRecordView';

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
  return (
    <aside className="run-records" aria-label="Step records">
      <h2>Inputs</h2>
      <RunInputs inputs={run.inputs} declared={graph?.inputs} />
      <RunTriggerFacts run={run} />
      <h2>Steps</h2>
      <ol className="run-steps">
        {run.steps.map((record) => (
          <StepRecordView
            key={record.seq}
            runId={runId}
            record={record}
            runStatus={run.status}
            name={nameOf(record.stepId)}
            draftStep={draftSteps?.find((step) => step.id === record.stepId)}
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
    </aside>
  );
}
