/**
 * The values a step Test sends, one row per method variable: the step's template, the value and
 * where each placeholder's value came from; an unresolved one is named with the reason, beside a
 * field to type the value for this test.
 */
import type { ReactElement } from 'react';
import type { ArgumentValue, PlaceholderValue } from '../../../../../shared/runbook/stepTestArguments';
import { argumentValueId } from './testInputValues';

/** Where one placeholder's value came from, or why it has none. */
function PlaceholderOrigin({
  placeholder,
  latestRunId,
}: {
  placeholder: PlaceholderValue;
  latestRunId: string | null;
}): ReactElement {
  const path = <code>{placeholder.path}</code>;
  if (placeholder.origin === null) {
    return (
      <li className="field-error">
        {path}: not known — {placeholder.reason}
      </li>
    );
  }
  if (placeholder.origin === 'input') return <li>{path}: the input given above</li>;
  if (placeholder.origin === 'example')
    return <li>{path}: an example for this test — a waiting run makes the real one</li>;
  return (
    <li>
      {path}: from the{' '}
      {latestRunId === null ? 'latest run' : <a href={`#/runs/${latestRunId}`}>latest run</a>}
    </li>
  );
}

export function ArgumentValues({
  values,
  latestRunId,
  overrides,
  onOverride,
}: {
  values: ArgumentValue[];
  latestRunId: string | null;
  overrides: Readonly<Record<string, string>>;
  onOverride: (name: string, value: string) => void;
}): ReactElement {
  if (values.length === 0) return <p className="muted">The method takes no variables.</p>;
  return (
    <table className="table compact step-test-values">
      <caption>Values sent</caption>
      <thead>
        <tr>
          <th scope="col">Variable</th>
          <th scope="col">Value</th>
          <th scope="col">From</th>
        </tr>
      </thead>
      <tbody>
        {values.map((argument) => (
          <tr key={argument.name}>
            <th scope="row" className="mono">
              {argument.name}
            </th>
            <td className="mono break">
              {argument.value !== null ? (
                argument.value === '' ? (
                  <span className="muted">(empty)</span>
                ) : (
                  argument.value
                )
              ) : (
                <input
                  id={argumentValueId(argument.name)}
                  aria-label={`Value for ${argument.name}`}
                  placeholder="Type a value for this test"
                  value={overrides[argument.name] ?? ''}
                  onChange={(event) => onOverride(argument.name, event.target.value)}
                />
              )}
            </td>
            <td>
              {argument.template !== '' && <code className="muted">{argument.template}</code>}
              {argument.problem !== null && <p className="field-error">{argument.problem}</p>}
              <ul className="placeholder-origins">
                {argument.placeholders.map((placeholder) => (
                  <PlaceholderOrigin
                    key={placeholder.path}
                    placeholder={placeholder}
                    latestRunId={latestRunId}
                  />
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
