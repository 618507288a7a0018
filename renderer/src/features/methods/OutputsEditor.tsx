/** Output variables: a name and an expression (Halo syntax, JSONPath, status, headers.<name>). */
import type { ReactElement } from 'react';
import type { OutputVariable } from '../../../../shared/domain/method';
import { parseOutputExpression } from '../../../../shared/expressions/outputExpression';
import { messageOf } from '../../app/errorMessage';
import { Icon } from '../../app/icons';

function problemOf(expression: string): string | null {
  if (expression.trim() === '') return null;
  try {
    parseOutputExpression(expression);
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

export function OutputsEditor({
  outputs,
  onChange,
}: {
  outputs: OutputVariable[];
  onChange: (outputs: OutputVariable[]) => void;
}): ReactElement {
  const set = (index: number, patch: Partial<OutputVariable>) =>
    onChange(outputs.map((output, position) => (position === index ? { ...output, ...patch } : output)));
  return (
    <div className="outputs">
      <p className="hint">
        e.g. <code>response^choices[0]^text!</code> (Halo), <code>$.items[0].id</code> (JSONPath),{' '}
        <code>status</code>, <code>headers.x-request-id</code>. Or click a value in a Test response.
      </p>
      {outputs.map((output, index) => {
        const problem = problemOf(output.expression);
        return (
          <div key={index} className="output-row">
            <input
              aria-label={`Output ${String(index + 1)} name`}
              placeholder="name"
              value={output.name}
              onChange={(event) => set(index, { name: event.target.value })}
            />
            <input
              aria-label={`Output ${String(index + 1)} expression`}
              className="mono"
              placeholder="response^id"
              value={output.expression}
              aria-invalid={problem !== null}
              onChange={(event) => set(index, { expression: event.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove output ${String(index + 1)}`}
              onClick={() => onChange(outputs.filter((_, position) => position !== index))}
            >
              <Icon name="close" />
            </button>
            {problem !== null && (
              <p className="field-error output-problem" role="alert">
                {problem}
              </p>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...outputs, { name: '', expression: '' }])}
      >
        <Icon name="plus" /> Add output variable
      </button>
    </div>
  );
}
