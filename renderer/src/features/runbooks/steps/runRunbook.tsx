/**
 * Run runbook's inspector form and node summary. The runbook to run is chosen from the list by
 * name; its inputs (as its draft declares them, the runbook a designer run runs) each get a field,
 * labelled with the input's name, type and whether it is required. A value kept for an input the
 * runbook no longer declares is shown as such, with a way to remove it. An input named "__proto__"
 * (a valid name) is one like any other: its value is read as the step's own entry (templateGivenTo).
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, type ReactElement } from 'react';
import type { CallOutput } from '../../../../../shared/api/contract';
import { runbookInputTypeLabels, type RunbookInput } from '../../../../../shared/runbook/runbookGraph';
import { stepTypes, type StepOf } from '../../../../../shared/runbook/stepTypes';
import { templateGivenTo } from '../../../../../shared/runbook/steps/stepFields';
import { callQuery, useCall } from '../../../api/resources';
import { useDesignerStore } from '../designerStore';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import { StepTypeLine } from './StepTypeLine';
import type { StepFormProps } from './stepViews';

type RunRunbookStep = StepOf<'runRunbook'>;
type ListedRunbook = CallOutput<'runbooks.list'>['items'][number];

const everyRunbook = { search: '', category: '' };
const noRunbooks: ListedRunbook[] = [];
const selectOwnId = (state: ReturnType<typeof useDesignerStore.getState>) => state.runbook?.id ?? '';

/** Every runbook but the one being designed (a runbook running itself never ends well). */
function useOtherRunbooks(): { runbooks: ListedRunbook[]; isLoading: boolean } {
  const ownId = useDesignerStore(selectOwnId);
  const listed = useCall('runbooks.list', everyRunbook);
  const runbooks = (listed.data?.items ?? noRunbooks).filter((runbook) => runbook.id !== ownId);
  return { runbooks, isLoading: listed.isPending };
}

/** The chosen runbook's declared inputs; undefined while it is read or when there is none. */
function useInputsOf(runbookId: string): { name: string; inputs: readonly RunbookInput[] } | undefined {
  const read = useCall('runbooks.get', { id: runbookId }, { isEnabled: runbookId !== '' });
  if (runbookId === '' || read.data === undefined) return undefined;
  return { name: read.data.name, inputs: read.data.draft.inputs };
}

export function RunRunbookForm({ step, onChange }: StepFormProps<RunRunbookStep>): ReactElement {
  const { runbooks, isLoading } = useOtherRunbooks();
  const chosen = runbooks.find((runbook) => runbook.id === step.runbookId);
  const isMissing = step.runbookId !== '' && !isLoading && chosen === undefined;
  const child = useInputsOf(chosen === undefined ? '' : step.runbookId);
  const choose = (runbookId: string) => {
    const runbook = runbooks.find((candidate) => candidate.id === runbookId);
    if (runbook === undefined) return;
    // The step takes the runbook's name while it has its type's or the last runbook's; a name
    // the user gave it stays.
    const isNameGiven = step.name !== stepTypes.runRunbook.label && step.name !== chosen?.name;
    onChange({ ...step, runbookId, name: isNameGiven ? step.name : runbook.name }, { isOwnUndoEntry: true });
  };
  // An emptied field gives no value, so the runbook's default applies, as its hint ("default 3")
  // says: kept as '', the child got the empty text instead (a number input then got nothing).
  const setInput = (name: string, value: string) => {
    const { [name]: _previous, ...others } = step.inputs;
    onChange({ ...step, inputs: value === '' ? others : { ...others, [name]: value } });
  };
  const removeInput = (name: string) => {
    const { [name]: _removed, ...rest } = step.inputs;
    onChange({ ...step, inputs: rest }, { isOwnUndoEntry: true });
  };
  const declared = new Set(child?.inputs.map((input) => input.name));
  const leftOver = child === undefined ? [] : Object.keys(step.inputs).filter((name) => !declared.has(name));

  return (
    <>
      <label className="inline-label">
        Runbook
        <select
          // Named "Runbook" alone: a label around a select would also read out the chosen option.
          aria-label="Runbook"
          value={chosen === undefined ? '' : step.runbookId}
          aria-invalid={isMissing || undefined}
          onChange={(event) => choose(event.target.value)}
        >
          <option value="" disabled>
            {isLoading ? 'Loading runbooks…' : isMissing ? 'Missing runbook' : 'Choose a runbook…'}
          </option>
          {runbooks.map((runbook) => (
            <option key={runbook.id} value={runbook.id}>
              {runbook.category === '' ? runbook.name : `${runbook.name} (${runbook.category})`}
            </option>
          ))}
        </select>
      </label>
      {isMissing && (
        <p className="field-error" role="alert">
          The runbook this step ran no longer exists. Choose another.
        </p>
      )}
      {!isLoading && runbooks.length === 0 && step.runbookId === '' && (
        <p className="hint">There is no other runbook yet. Create one to run it from here.</p>
      )}
      {child !== undefined && child.inputs.length === 0 && (
        <p className="hint">“{child.name}” asks for no inputs.</p>
      )}
      {child?.inputs.map((input) => (
        <div key={input.name} className="run-runbook-input">
          <TemplateField
            label={input.name}
            value={templateGivenTo(step.inputs, input.name) ?? ''}
            onChange={(value) => setInput(input.name, value)}
          />
          <p className="hint">{inputHint(input, templateGivenTo(step.inputs, input.name) ?? '')}</p>
        </div>
      ))}
      {leftOver.map((name) => (
        <div key={name} className="run-runbook-input">
          <TemplateField
            label={name}
            value={templateGivenTo(step.inputs, name) ?? ''}
            onChange={(value) => setInput(name, value)}
          />
          <p className="hint">
            “{child?.name}” no longer has this input; the value is not passed.{' '}
            <button type="button" className="button button-small" onClick={() => removeInput(name)}>
              Remove “{name}”
            </button>
          </p>
        </div>
      ))}
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
RunRunbookForm.partNames = {
  runbookId: 'Runbook',
  inputs: 'Runbook inputs',
  // Each input's field is labelled with its name.
  'inputs.*': '*',
} satisfies PartNames;

/**
 * "Text · required · The ticket to close", what the line under an input's field says of it; a
 * required input without a value says the run of it would stop there.
 */
function inputHint(input: RunbookInput, value: string): string {
  const parts: string[] = [runbookInputTypeLabels[input.type]];
  if (input.isRequired && input.defaultValue === '')
    parts.push(value.trim() === '' ? 'required: without a value its run fails at the start' : 'required');
  else if (input.defaultValue !== '') parts.push(`default ${input.defaultValue}`);
  else parts.push('optional');
  if (input.description !== '') parts.push(input.description);
  return parts.join(' · ');
}

/**
 * "Run runbook · <the runbook it runs>". The card reads only the name from the list, so it
 * re-renders when that changes, not each time the list is read again (every run event).
 */
export function RunRunbookNodeSummary({ step }: { step: RunRunbookStep }): ReactElement {
  const nameOf = useCallback(
    (listed: CallOutput<'runbooks.list'>) =>
      listed.items.find((runbook) => runbook.id === step.runbookId)?.name ?? '',
    [step.runbookId],
  );
  const name = useQuery({ ...callQuery('runbooks.list', everyRunbook), select: nameOf }).data ?? '';
  return <StepTypeLine step={step} detail={name} />;
}
