/**
 * The runbook inputs a step Test asks for: those its argument templates read, each prefilled
 * from the latest run, else from its default, and saying which. Each is asked for as the Run
 * dialog asks for it: a Yes/no input as Yes or No, a number with the keypad for numbers, JSON in
 * a monospace field; a value that would not start a run says why beside it, in the Run dialog's
 * words, once the user has left its field or pressed Send (shownInputProblems.ts), as the Run
 * dialog does: an empty required input says nothing before the user did anything.
 */
import type { ReactElement } from 'react';
import { runbookInputTypeLabels, type RunbookInput } from '../../../../../shared/runbook/runbookGraph';
import { runInputProblems } from '../../../../../shared/runbook/runInputProblems';
import { Icon } from '../../../app/icons';
import { shownInputProblems, type InputVisits } from '../shownInputProblems';
import { YesNoSelect } from '../YesNoSelect';
import { testInputId } from './testInputValues';
import { templateGivenTo } from '../../../../../shared/runbook/steps/stepFields';

export function TestInputs({
  used,
  origins,
  typed,
  visits,
  onChange,
  onLeave,
}: {
  used: readonly RunbookInput[];
  origins: Readonly<Record<string, string>>;
  typed: Readonly<Record<string, string>>;
  /** Which fields were left and whether Send was pressed: which problems show. */
  visits: InputVisits;
  onChange: (typed: Record<string, string>) => void;
  onLeave: (name: string) => void;
}): ReactElement | null {
  if (used.length === 0) return null;
  const problems = shownInputProblems(runInputProblems(used, typed), visits);
  return (
    <fieldset className="step-test-inputs">
      <legend>Runbook inputs</legend>
      {used.map((input) => {
        // Each input's own entry: "__proto__" read plainly is the object's prototype.
        const problem = templateGivenTo(problems, input.name);
        const errorId = `${testInputId(input.name)}-error`;
        const control = {
          'aria-label': `Input ${input.name}`,
          id: testInputId(input.name),
          'aria-required': input.isRequired || undefined,
          onBlur: () => onLeave(input.name),
          'aria-invalid': problem !== undefined,
          'aria-describedby': problem === undefined ? undefined : errorId,
        };
        const change = (value: string) => onChange({ ...typed, [input.name]: value });
        const origin = templateGivenTo(origins, input.name) ?? '';
        return (
          <div key={input.name} className="step-test-input">
            <label className="inline-label">
              <span>
                <span className="mono">{input.name}</span>{' '}
                <span className="muted">
                  {runbookInputTypeLabels[input.type]}
                  {origin === '' ? '' : ` · ${origin}`}
                </span>
              </span>
              {input.type === 'boolean' ? (
                <YesNoSelect
                  {...control}
                  value={templateGivenTo(typed, input.name) ?? ''}
                  onChange={change}
                />
              ) : (
                <input
                  {...control}
                  className={input.type === 'json' ? 'mono' : undefined}
                  inputMode={input.type === 'number' ? 'decimal' : undefined}
                  value={templateGivenTo(typed, input.name) ?? ''}
                  onChange={(event) => change(event.target.value)}
                />
              )}
            </label>
            {problem !== undefined && (
              <p id={errorId} className="field-error">
                <Icon name="warning" />
                {problem}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
