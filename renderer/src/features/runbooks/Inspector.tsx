/** Edits the selected step: its name and the settings of its type (its form); shows its problems. */
import { Fragment, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { stepTypes, type Step } from '../../../../shared/runbook/stepTypes';
import { Icon } from '../../app/icons';
import { SkipToPalette } from './CanvasBypass';
import { refocusAfterStepsDeleted } from './stepFocus';
import { useDesignerStore, type StepEditOptions } from './designerStore';
import { draftRefusal } from './draftRefusal';
import { ExitsEditor } from './ExitsEditor';
import { PinEditor } from './rehearsal/PinEditor';
import { viewOf } from './steps/stepViews';
import { BreakpointToggle } from './debug/BreakpointToggle';

/** The inspector's first field, where Enter on a step of the canvas takes the keyboard. */
export const inspectorFirstFieldId = 'inspector-step-name';

const select = (state: ReturnType<typeof useDesignerStore.getState>) => ({
  step: state.graph?.steps.find((candidate) => candidate.id === state.selectedId),
  runbookId: state.runbook?.id,
  allIssues: state.issues,
  saveRefusal: state.saveRefusal,
});

export function Inspector(): ReactElement {
  const { step, runbookId, allIssues, saveRefusal } = useDesignerStore(useShallow(select));
  const issues = allIssues.filter((issue) => issue.stepId === step?.id);
  if (step === undefined) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <SkipToPalette />
        <p className="muted">
          Select a step to edit it. Connect a step’s exits (success, failure, true, false…) to the next steps.
        </p>
      </aside>
    );
  }
  const update = (next: Step, options?: StepEditOptions) =>
    useDesignerStore.getState().updateStep(step.id, next, options);
  const { label, isStart = false, outgoing } = stepTypes[step.type];
  // Only a step something comes after is read by later steps (not Start, which holds no values).
  const isReadLater = !isStart && outgoing.length > 0;
  const { Form } = viewOf(step);
  return (
    <aside className="inspector" aria-label="Inspector">
      <SkipToPalette />
      <h2>{label}</h2>
      {saveRefusal?.step?.id === step.id && (
        // The refused save names a field of this step: said here, where it is edited.
        <p className="inline-error" role="alert">
          Not saved: {draftRefusal(saveRefusal).message}
        </p>
      )}
      <label className="inline-label">
        Step name
        <input
          id={inspectorFirstFieldId}
          value={step.name}
          onChange={(event) => update({ ...step, name: event.target.value })}
        />
      </label>
      {!isStart && <BreakpointToggle stepId={step.id} />}
      {isReadLater && (
        <div className="hint step-reference">
          Later steps read
          <dl>
            <dt>
              <code>{`{{steps.${step.id}.outputs.…}}`}</code>
            </dt>
            <dd>its outputs</dd>
            <dt>
              <code>{`{{steps.${step.id}.status}}`}</code>
            </dt>
            <dd>its state: succeeded or failed</dd>
            {Object.entries(stepTypes[step.type].fixedOutputs ?? {}).map(([name, meaning]) => (
              <Fragment key={name}>
                <dt>
                  <code>{`{{steps.${step.id}.outputs.${name}}}`}</code>
                </dt>
                <dd>{meaning}</dd>
              </Fragment>
            ))}
          </dl>
        </div>
      )}
      {issues.map((issue) => (
        <p key={issue.message} className="field-error" role="alert">
          {issue.message}
        </p>
      ))}
      {runbookId !== undefined && <PinEditor runbookId={runbookId} step={step} />}
      <Form step={step} onChange={update} />
      <ExitsEditor step={step} />
      {!isStart && (
        <button
          type="button"
          className="button button-danger-quiet button-small"
          onClick={() => {
            refocusAfterStepsDeleted(useDesignerStore.getState().graph, [step.id]);
            useDesignerStore.getState().removeStep(step.id);
          }}
        >
          <Icon name="trash" /> Delete step
        </button>
      )}
    </aside>
  );
}
