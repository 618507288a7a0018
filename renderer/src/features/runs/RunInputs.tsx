/**
 * The "Inputs" of a run's page: each input the run was given, by name, its value in the words the
 * Run dialog uses (a Yes/no input's as Yes or No; inputValueText.ts), "not given" for one left out.
 */
import { Fragment, type ReactElement } from 'react';
import type { RunbookInput } from '../../../../shared/runbook/runbookGraph';
import { inputValueText } from './inputValueText';

export function RunInputs({
  inputs,
  declared,
}: {
  inputs: Readonly<Record<string, unknown>>;
  /** The inputs of the runbook version the run ran, for their types, once read. */
  declared: readonly RunbookInput[] | undefined;
}): ReactElement {
  const names = Object.keys(inputs);
  if (names.length === 0) return <p className="muted">None.</p>;
  return (
    <dl className="details run-inputs">
      {names.map((name) => {
        const type = declared?.find((input) => input.name === name)?.type;
        const text = inputValueText(inputs[name], type);
        return (
          <Fragment key={name}>
            <dt className="mono">{name}</dt>
            <dd className={type === 'json' ? 'mono' : undefined}>
              {text ?? <span className="muted">not given</span>}
            </dd>
          </Fragment>
        );
      })}
    </dl>
  );
}
