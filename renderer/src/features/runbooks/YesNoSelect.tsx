/**
 * A Yes/no input's value chosen among none, Yes and No, standing for "", "true" and "false": the
 * text a dialog holds and checks, turned into a boolean when it is sent (runInputValues.ts,
 * typedTestInputs). The Run dialog and the Test step dialog both ask for a Yes/no input with it.
 */
import type { ReactElement, SelectHTMLAttributes } from 'react';
import { yesNoDefaultChoices } from '../runs/inputValueText';

export function YesNoSelect({
  value,
  onChange,
  ...control
}: {
  /**
   * "", "true" or "false"; any other text held (an odd default from an edited file) is listed as
   * it is, marked "(not Yes or No)", so the dialog shows what it would refuse rather than "—".
   */
  value: string;
  onChange: (value: string) => void;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>): ReactElement {
  return (
    <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
      {yesNoDefaultChoices(value).map(([choice, label]) => (
        <option key={choice} value={choice}>
          {choice === '' ? '—' : label}
        </option>
      ))}
    </select>
  );
}
