/**
 * Test step: sends the step's method with the values a run would give it — the step's argument
 * templates resolved against the runbook inputs asked for here (prefilled from the latest run, or
 * the defaults) and, for earlier steps' outputs, the runbook's latest run. Each value says where
 * it came from; one that cannot be resolved is named and must be typed before anything is sent.
 * The answer shows as in the method's Test panel, secrets masked.
 */
import { useMemo, useState, type ReactElement } from 'react';
import type { RequestResult } from '../../../../../shared/domain/requestResult';
import { renderValue } from '../../../../../shared/expressions/template';
import type { RunbookInput } from '../../../../../shared/runbook/runbookGraph';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import {
  stepTestArguments,
  typedTestInputs,
  type LatestRunValues,
} from '../../../../../shared/runbook/stepTestArguments';
import { api } from '../../../api/client';
import { useCall } from '../../../api/resources';
import { Dialog } from '../../../app/Dialog';
import { messageOf } from '../../../app/errorMessage';
import { ResultView } from '../../methods/ResultView';
import type { CatalogMethod } from '../methodCatalog';
import { ArgumentValues } from './ArgumentValues';
import { addOutputToMethod } from './addOutputToMethod';

type MethodStep = StepOf<'method'>;

export function StepTestDialog({
  step,
  method,
  runbookId,
  inputs,
  onClose,
}: {
  step: MethodStep;
  method: CatalogMethod;
  runbookId: string;
  inputs: readonly RunbookInput[];
  onClose: () => void;
}): ReactElement {
  const runs = useCall('runs.list', { runbookId, limit: 1 });
  const latestId = runs.data?.[0]?.id;
  const run = useCall('runs.get', { id: latestId ?? '' }, { isEnabled: latestId !== undefined });
  const isLoaded = runs.data !== undefined && (latestId === undefined || run.data !== undefined);
  const latestRun: LatestRunValues | null = run.data ?? null;
  return (
    <Dialog
      title={`Test step · ${step.name}`}
      className="method-drawer step-test"
      onClose={onClose}
      actions={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {isLoaded ? (
        <StepTestForm
          step={step}
          method={method}
          inputs={inputs}
          latestRun={latestRun}
          latestInputs={run.data?.inputs}
        />
      ) : (
        <p aria-busy="true">Reading the latest run…</p>
      )}
    </Dialog>
  );
}

/** The inputs the step's arguments read (`{{inputs.<name>}}`), in the runbook's order. */
function inputsUsed(step: MethodStep, inputs: readonly RunbookInput[]): RunbookInput[] {
  const templates = Object.values(step.arguments).join('\n');
  return inputs.filter((input) => new RegExp(`\\{\\{\\s*inputs\\.${input.name}\\b`).test(templates));
}

/** Each input's first value: the latest run's, else its default; and where it came from. */
function firstInputValues(
  used: readonly RunbookInput[],
  latestInputs: Record<string, unknown> | undefined,
): { values: Record<string, string>; origins: Record<string, string> } {
  const values: Record<string, string> = {};
  const origins: Record<string, string> = {};
  for (const input of used) {
    const fromRun = latestInputs?.[input.name];
    if (fromRun !== undefined && fromRun !== null) {
      values[input.name] = renderValue(fromRun);
      origins[input.name] = 'from the latest run';
    } else {
      values[input.name] = input.defaultValue;
      origins[input.name] = input.defaultValue === '' ? '' : 'its default';
    }
  }
  return { values, origins };
}

function StepTestForm({
  step,
  method,
  inputs,
  latestRun,
  latestInputs,
}: {
  step: MethodStep;
  method: CatalogMethod;
  inputs: readonly RunbookInput[];
  latestRun: LatestRunValues | null;
  latestInputs: Record<string, unknown> | undefined;
}): ReactElement {
  const used = useMemo(() => inputsUsed(step, inputs), [step, inputs]);
  const [first] = useState(() => firstInputValues(used, latestInputs));
  const [typed, setTyped] = useState(first.values);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [result, setResult] = useState<RequestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const values = stepTestArguments(method.variables, step.arguments, typedTestInputs(used, typed), latestRun);
  const missing = values.filter(
    (argument) => argument.value === null && overrides[argument.name] === undefined,
  );

  const send = async () => {
    if (missing.length > 0) return;
    setIsSending(true);
    setError(null);
    try {
      const variables = Object.fromEntries(
        values.map((argument) => [argument.name, argument.value ?? overrides[argument.name] ?? '']),
      );
      setResult(
        await api.call('methods.test', {
          integrationId: method.integrationId,
          methodId: method.id,
          definition: method.definition,
          configurationId: step.configuration.mode === 'named' ? step.configuration.configurationId : null,
          variables,
        }),
      );
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setIsSending(false);
    }
  };

  return (
    <div className="step-test-form">
      <p className="muted">
        Sends{' '}
        <strong>
          {method.integrationName} · {method.definition.name}
        </strong>{' '}
        with the{' '}
        {step.configuration.mode === 'named' ? 'configuration the step names' : 'primary configuration'}
        {step.configuration.mode === 'client' ? ' (a run picks its client’s)' : ''}.
      </p>
      {used.length > 0 && (
        <fieldset className="step-test-inputs">
          <legend>Runbook inputs</legend>
          {used.map((input) => (
            <label key={input.name} className="inline-label">
              <span>
                <span className="mono">{input.name}</span>{' '}
                <span className="muted">{first.origins[input.name] ?? ''}</span>
              </span>
              <input
                aria-label={`Input ${input.name}`}
                value={typed[input.name] ?? ''}
                onChange={(event) => setTyped({ ...typed, [input.name]: event.target.value })}
              />
            </label>
          ))}
        </fieldset>
      )}
      <ArgumentValues
        values={values}
        latestRunId={latestRun?.id ?? null}
        overrides={overrides}
        onOverride={(name, value) => setOverrides({ ...overrides, [name]: value })}
      />
      {missing.length > 0 && (
        <p className="inline-error" role="status">
          Not sent until each value is known: {missing.map((argument) => argument.name).join(', ')}.
        </p>
      )}
      <button
        type="button"
        className="button button-primary"
        onClick={() => void send()}
        aria-disabled={missing.length > 0 || isSending}
      >
        {isSending ? 'Sending…' : 'Send test request'}
      </button>
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {result !== null && (
        <ResultView result={result} onAddOutput={(output) => void addOutputToMethod(method, output)} />
      )}
    </div>
  );
}
