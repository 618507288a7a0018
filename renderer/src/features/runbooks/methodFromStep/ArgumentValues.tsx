/**
 * The values a step Test sends, one row per method variable: the step's template, the value and
 * where each placeholder's value came from; an unresolved one is named with the reason, beside a
 * field to type the value for this test. The reason is a neutral note until Send is refused for
 * it, then the refusal at its field (in the danger colour, the field marked invalid).
 */
import type { ReactElement } from 'react';
import type { ArgumentValue, PlaceholderValue } from '../../../../../shared/runbook/stepTestArguments';
import { argumentValueId } from './testInputValues';

/** Where one placeholder's value came from, or why it has none. */
function PlaceholderOrigin({
  placeholder,
  latestRunId,
  isRefused,
}: {
  placeholder: PlaceholderValue;
  latestRunId: string | null;
  isRefused: boolean;
}): ReactElement {
  const path = <code>{placeholder.path}</code>;
  if (placeholder.origin === null) {
    return (
      <li className={isRefused ? 'field-error' : 'unknown-value'}>
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

/** One variable's row: its value, or a field for one, and where the value came from or why it has none. */
function ArgumentRow({
  argument,
  latestRunId,
  override,
  isRefused,
  onOverride,
}: {
  argument: ArgumentValue;
  latestRunId: string | null;
  override: string;
  /** Whether Send was refused while this value is unknown and nothing is typed for it. */
  isRefused: boolean;
  onOverride: (value: string) => void;
}): ReactElement {
  const whyId = `${argumentValueId(argument.name)}-why`;
  return (
    <tr>
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
            aria-invalid={isRefused}
            aria-describedby={whyId}
            placeholder="Type a value for this test"
            value={override}
            onChange={(event) => onOverride(event.target.value)}
          />
        )}
      </td>
      <td>
        {argument.template !== '' && <code className="muted">{argument.template}</code>}
        {argument.problem !== null && (
          <p id={whyId} className={isRefused ? 'field-error' : 'unknown-value'}>
            {argument.problem}
          </p>
        )}
        <ul id={argument.problem === null ? whyId : undefined} className="placeholder-origins">
          {argument.placeholders.map((placeholder) => (
            <PlaceholderOrigin
              key={placeholder.path}
              placeholder={placeholder}
              latestRunId={latestRunId}
              isRefused={isRefused}
            />
          ))}
        </ul>
      </td>
    </tr>
  );
}

export function ArgumentValues({
  values,
  latestRunId,
  overrides,
  isRefused,
  onOverride,
}: {
  values: ArgumentValue[];
  latestRunId: string | null;
  overrides: Readonly<Record<string, string>>;
  /** Whether Send was refused while a value is unknown: its reasons are then the refusal. */
  isRefused: boolean;
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
        {values.map((argument) => {
          const override = overrides[argument.name] ?? '';
          return (
            <ArgumentRow
              key={argument.name}
              argument={argument}
              latestRunId={latestRunId}
              override={override}
              isRefused={isRefused && argument.value === null && override === ''}
              onOverride={(value) => onOverride(argument.name, value)}
            />
          );
        })}
      </tbody>
    </table>
  );
}
