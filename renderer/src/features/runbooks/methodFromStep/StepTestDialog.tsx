/**
 * Test step: sends the step's method with the values a run would give it — the step's argument
 * templates resolved against the runbook inputs asked for here (prefilled from the latest run, or
 * the defaults) and, for earlier steps' outputs, the runbook's latest run. Each value says where
 * it came from; one that cannot be resolved is named and must be typed before anything is sent.
 * The answer shows as in the method's Test panel, secrets masked, and can be pinned to the step.
 */
import { useMemo, useState, type ReactElement } from 'react';
import type { RequestResult } from '../../../../../shared/domain/requestResult';
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
import { PinTestResultButton } from '../rehearsal/PinTestResultButton';
import { ArgumentValues } from './ArgumentValues';
import { firstInputValues, inputsUsed } from './testInputValues';
import { TestInputs } from './TestInputs';
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
          runbookId={runbookId}
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

/** Sends the step's method with these values, in the configuration the step names (else the primary). */
function sendStepTest(
  step: MethodStep,
  method: CatalogMethod,
  variables: Record<string, string>,
): Promise<RequestResult> {
  return api.call('methods.test', {
    integrationId: method.integrationId,
    methodId: method.id,
    definition: method.definition,
    configurationId: step.configuration.mode === 'named' ? step.configuration.configurationId : null,
    variables,
  });
}

function StepTestForm({
  step,
  method,
  runbookId,
  inputs,
  latestRun,
  latestInputs,
}: {
  step: MethodStep;
  method: CatalogMethod;
  runbookId: string;
  inputs: readonly RunbookInput[];
  latestRun: LatestRunValues | null;
  latestInputs: Record<string, unknown> | undefined;
}): ReactElement {
  const used = useMemo(() => inputsUsed(step.arguments, inputs), [step.arguments, inputs]);
  const [first] = useState(() => firstInputValues(used, latestInputs));
  const [typed, setTyped] = useState(first.values);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [result, setResult] = useState<RequestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const values = stepTestArguments(method.variables, step.arguments, typedTestInputs(used, typed), latestRun);
  // A value typed for an unresolved one stands in for it; an empty one is not a value.
  const missing = values.filter(
    (argument) => argument.value === null && (overrides[argument.name] ?? '') === '',
  );

  const send = async () => {
    if (missing.length > 0) return;
    setIsSending(true);
    setError(null);
    try {
      const variables = Object.fromEntries(
        values.map((argument) => [argument.name, argument.value ?? overrides[argument.name] ?? '']),
      );
      setResult(await sendStepTest(step, method, variables));
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
      <TestInputs used={used} origins={first.origins} typed={typed} onChange={setTyped} />
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
      {result !== null && <PinTestResultButton runbookId={runbookId} stepId={step.id} result={result} />}
      {result !== null && (
        <ResultView result={result} onAddOutput={(output) => void addOutputToMethod(method, output)} />
      )}
    </div>
  );
}
