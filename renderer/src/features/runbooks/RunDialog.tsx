/**
/**
 * Run by hand: asks for the runbook's inputs (typed, with defaults) and whether it is a dry run,
 * then starts the run. A missing or mistyped value keeps the dialog open with its message at the
 * field, and so does a refusal that names an input; no run is started for it. A field's message
 * shows once the field is left or Start is pressed (shownInputProblems.ts), never on opening.
 * Where the runbook's integrations have clients, it also asks which to run for
 * (features/runGroups/ClientPicker.tsx).
 */
import { useState, type ReactElement } from 'react';
import { AppError } from '../../../../shared/api/appError';
import type { RunMode } from '../../../../shared/rehearsal/rehearsal';
import { runbookInputTypeLabels, type RunbookInput } from '../../../../shared/runbook/runbookGraph';
import { runInputProblems } from '../../../../shared/runbook/runInputProblems';
import { Dialog } from '../../app/Dialog';
import { Field } from '../../app/Field';
import { messageOf } from '../../app/errorMessage';
import { ClientPicker } from '../runGroups/ClientPicker';
import { initialClientChoice, type ClientChoice } from '../runGroups/clientChoice';
import { DryRunChoice } from './rehearsal/DryRunChoice';
import { runInputValues, type RunInputValues } from './runInputValues';
import { shownInputProblems, useInputVisits } from './shownInputProblems';
import { YesNoSelect } from './YesNoSelect';
import { templateGivenTo } from '../../../../shared/runbook/steps/stepFields';

/** The input a refusal names (`inputs.ticket`), if it names one of these. */
function inputNamed(caught: unknown, inputs: readonly RunbookInput[]): string | undefined {
  if (!(caught instanceof AppError) || caught.field?.startsWith('inputs.') !== true) return undefined;
  const name = caught.field.slice('inputs.'.length);
  return inputs.some((input) => input.name === name) ? name : undefined;
}

/** A run started from the dialog: live, or a dry run that sends only what changes nothing. */
export type StartedMode = Exclude<RunMode, 'replay'>;

/** The start button's words: what it starts, or that the start is under way. */
function startLabel(isStarting: boolean, isDebugRun: boolean, mode: StartedMode): string {
  if (isStarting) return 'Starting…';
  if (isDebugRun) return 'Start debugging';
  return mode === 'dryRun' ? 'Start dry run' : 'Start run';
}

export function RunDialog({
  inputs,
  clients = [],
  isDebugRun = false,
  initialMode = 'live',
  onRun,
  onClose,
}: {
  inputs: RunbookInput[];
  /** The clients the runbook can run for; none: no client picker. */
  clients?: readonly string[];
  /** The Debug button's: the run pauses at its breakpoints. */
  isDebugRun?: boolean;
  /** Opened from Dry run, the dialog starts with the dry run chosen. */
  initialMode?: StartedMode;
  /** The inputs as sent: a Yes/no input's as a boolean (runInputValues.ts). */
  onRun: (values: RunInputValues, choice: ClientChoice, mode: StartedMode) => Promise<void>;
  onClose: () => void;
}): ReactElement {
  const [choice, setChoice] = useState<ClientChoice>(initialClientChoice);
  const [mode, setMode] = useState<StartedMode>(initialMode);
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(inputs.map((input) => [input.name, input.defaultValue])),
  );
  const { visits, onLeave, onSubmit } = useInputVisits();
  // What the backend refused, by input, until that input is changed.
  const [refused, setRefused] = useState<Record<string, string>>({});
  const problems = { ...shownInputProblems(runInputProblems(inputs, values), visits), ...refused };
  const [error, setError] = useState<string | null>(null);
  // True while onRun is under way: a second click (a double-click) would start a second run.
  const [isStarting, setIsStarting] = useState(false);
  const submit = async () => {
    if (isStarting) return;
    onSubmit();
    const found = runInputProblems(inputs, values);
    setError(null);
    const first = inputs.find((input) => templateGivenTo(found, input.name) !== undefined);
    if (first !== undefined) {
      document.getElementById(`run-input-${first.name}`)?.focus();
      return;
    }
    setIsStarting(true);
    try {
      await onRun(runInputValues(inputs, values), choice, mode);
    } catch (caught) {
      const name = inputNamed(caught, inputs);
      if (name === undefined) setError(messageOf(caught));
      else setRefused({ [name]: messageOf(caught) });
    } finally {
      setIsStarting(false);
    }
  };
  const change = (name: string, value: string) => {
    setValues({ ...values, [name]: value });
    if (templateGivenTo(refused, name) !== undefined) setRefused({});
  };
  return (
    <Dialog
      title={isDebugRun ? 'Debug runbook' : 'Run runbook'}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void submit()}
            // Not `disabled`: a disabled button loses focus, and the keyboard would start again at the top.
            aria-disabled={isStarting}
          >
            {startLabel(isStarting, isDebugRun, mode)}
          </button>
        </>
      }
    >
      {inputs.map((input) => (
        <Field
          key={input.name}
          id={`run-input-${input.name}`}
          label={input.name}
          hint={`${runbookInputTypeLabels[input.type]}${input.description === '' ? '' : ` · ${input.description}`}`}
          // Each input's own entry: "__proto__" read plainly is the object's prototype.
          error={templateGivenTo(problems, input.name) || undefined}
          isRequired={input.isRequired}
        >
          {(control) =>
            input.type === 'boolean' ? (
              <YesNoSelect
                {...control}
                onBlur={() => onLeave(input.name)}
                value={templateGivenTo(values, input.name) ?? ''}
                onChange={(value) => change(input.name, value)}
              />
            ) : (
              <input
                {...control}
                className={input.type === 'json' ? 'mono' : undefined}
                inputMode={input.type === 'number' ? 'decimal' : undefined}
                value={templateGivenTo(values, input.name) ?? ''}
                onBlur={() => onLeave(input.name)}
                onChange={(event) => change(input.name, event.target.value)}
                // Enter in a field starts the run, as in a form (not while an IME composes a word).
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
                  event.preventDefault();
                  void submit();
                }}
              />
            )
          }
        </Field>
      ))}
      {clients.length > 0 && <ClientPicker clients={clients} choice={choice} onChange={setChoice} />}
      {!isDebugRun && (
        <DryRunChoice isDryRun={mode === 'dryRun'} onChange={(isDry) => setMode(isDry ? 'dryRun' : 'live')} />
      )}
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
