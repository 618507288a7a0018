/**
 * The expectations of a test case as checkboxes, grouped as the choices come (end state, outputs,
 * steps reached or not); used by Save as test case and by the test cases panel's edit form.
 */
import type { ReactElement } from 'react';
import type { ExpectationChoice } from './expectationChoices';

const groups = [
  { kind: 'outcome', title: 'End state' },
  { kind: 'output', title: 'Outputs' },
  { kind: 'reached', title: 'Steps reached or not' },
] as const;

export function ExpectationsPicker({
  choices,
  chosen,
  onChange,
}: {
  choices: readonly ExpectationChoice[];
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}): ReactElement {
  const toggle = (key: string, isChosen: boolean) => {
    const next = new Set(chosen);
    if (isChosen) next.add(key);
    else next.delete(key);
    onChange(next);
  };
  return (
    <div className="expectation-picker">
      {groups.map(({ kind, title }) => {
        const shown = choices.filter((choice) => choice.expectation.kind === kind);
        if (shown.length === 0) return null;
        return (
          <fieldset key={kind} className="field-group expectation-group">
            <legend>{title}</legend>
            {shown.map((choice) => (
              <label key={choice.key} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.has(choice.key)}
                  onChange={(event) => toggle(choice.key, event.target.checked)}
                />
                <span>{choice.label}</span>
              </label>
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}
