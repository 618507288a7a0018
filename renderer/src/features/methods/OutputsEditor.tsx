/** Output variables: a name and an expression (Halo syntax, JSONPath, status, headers.<name>). */
import type { ReactElement } from 'react';
import type { OutputVariable } from '../../../../shared/domain/method';
import { outputExpressionProblem } from '../../../../shared/expressions/outputVariableProblem';
import { Icon } from '../../app/icons';

/**
 * The rows of output variables. Each expression is checked as it is typed, with the rule the
 * backend refuses a save by; another refusal of the last save (e.g. a name) shows at its row.
 */
export function OutputsEditor({
  outputs,
  refusal,
  onChange,
}: {
  outputs: OutputVariable[];
  /** Why the last save was refused, when it was about one output's row. */
  refusal?: { index: number; message: string } | undefined;
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
        const problem =
          outputExpressionProblem(output.expression) ?? (refusal?.index === index ? refusal.message : null);
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
