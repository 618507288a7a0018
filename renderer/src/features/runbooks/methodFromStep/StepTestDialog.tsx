/**
 * Test step: sends the step's method with the values a run would give it — the step's argument
 * templates resolved against the runbook inputs asked for here (prefilled from the latest run, or
 * the defaults) and, for earlier steps' outputs, the runbook's latest run. Each value says where
 * it came from; one that cannot be resolved is named and must be typed before anything is sent.
 * Until Send is pressed that is a calm note of what is still needed (stepTestSendNote.ts); an
 * input's problem ("required") shows once its field is left or Send is pressed, as in the Run
 * dialog. Send with a value unknown refuses, the note becoming the refusal that names it, and
 * takes the keyboard to its field.
 * An argument that is one placeholder is sent with its value's type, as a run sends it (a Yes/no
 * input's true fills a JSON body's `{{notify}}` with true, not "true").
 * The answer shows as in the method's Test panel, secrets masked, and can be pinned to the step.
 * While its request waits for the rate limit it says why, as the Test panel does (Waiting…, and a
 * Cancel that sends nothing).
 * A Wait for approval's Notify request is tested the same way, with examples standing in for what
 * only a waiting run makes (its link); its answer is not pinned (the step's own result is the
 * decision, not the Notify's answer).
 */
import { useMemo, useRef, useState, type ReactElement } from 'react';
import type { RequestResult } from '../../../../../shared/domain/requestResult';
import type { RunbookInput } from '../../../../../shared/runbook/runbookGraph';
import { runInputProblems } from '../../../../../shared/runbook/runInputProblems';
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
import { Icon } from '../../../app/icons';
import { ResultView } from '../../methods/ResultView';
import { TestWaitingNote } from '../../methods/TestWaitingNote';
import { testSendLabel, useTestWait } from '../../methods/useTestWait';
import type { CatalogMethod } from '../methodCatalog';
import { PinTestResultButton } from '../rehearsal/PinTestResultButton';
import { useInputVisits } from '../shownInputProblems';
import { ArgumentValues } from './ArgumentValues';
import { argumentValueId, firstInputValues, inputsUsed, testInputId } from './testInputValues';
import { stepTestSendNote, inputsLeavingUnknown } from './stepTestSendNote';
import { TestInputs } from './TestInputs';
import { addOutputToMethod } from './addOutputToMethod';

type MethodStep = StepOf<'method'>;

/** The id of the note beside Send, which describes the button while a value is not known. */
const sendNoteId = 'step-test-send-note';

/** What a step Test sends: an Execute method step's request, or a Wait for approval's Notify. */
export interface TestedRequest {
  /** The step it belongs to. */
  stepId: string;
  /** The dialog's title. */
  title: string;
  configuration: MethodStep['configuration'];
  /** The method's variables' templates. */
  arguments: Readonly<Record<string, string>>;
  /**
   * Values only a run makes, by root name (`approval`), each a template resolved as the arguments
   * are (or a plain text): what the test stands in with, said so beside each value it fills.
   */
  examples?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether its answer may be pinned to the step as its result. */
  isPinnable: boolean;
  /** What differs for a run now (a Notify request a run would not send), said above the values. */
  warning?: string | undefined;
}

export function StepTestDialog({
  request,
  method,
  runbookId,
  inputs,
  onClose,
}: {
  request: TestedRequest;
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
      title={request.title}
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
          request={request}
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

/**
 * Sends the method with these values, in the configuration the request names (else the primary);
 * `testId` names it for its wait and its Cancel (useTestWait.ts).
 */
function sendStepTest(
  request: TestedRequest,
  method: CatalogMethod,
  variables: Record<string, unknown>,
  testId: string,
): Promise<RequestResult> {
  return api.call('methods.test', {
    integrationId: method.integrationId,
    methodId: method.id,
    definition: method.definition,
    configurationId: request.configuration.mode === 'named' ? request.configuration.configurationId : null,
    variables,
    testId,
  });
}

/** The examples' templates resolved with the test's inputs and latest run; one that cannot be stays as written. */
function resolvedExamples(
  examples: TestedRequest['examples'],
  inputs: Record<string, unknown>,
  latestRun: LatestRunValues | null,
): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(examples ?? {}).map(([root, templates]) => [
      root,
      Object.fromEntries(
        stepTestArguments(Object.keys(templates), templates, inputs, latestRun).map((example) => [
          example.name,
          example.value ?? example.template,
        ]),
      ),
    ]),
  );
}

function StepTestForm({
  request,
  method,
  runbookId,
  inputs,
  latestRun,
  latestInputs,
}: {
  request: TestedRequest;
  method: CatalogMethod;
  runbookId: string;
  inputs: readonly RunbookInput[];
  latestRun: LatestRunValues | null;
  latestInputs: Record<string, unknown> | undefined;
}): ReactElement {
  const used = useMemo(
    () =>
      inputsUsed(
        [
          ...Object.values(request.arguments),
          ...Object.values(request.examples ?? {}).flatMap((templates) => Object.values(templates)),
        ],
        inputs,
      ),
    [request.arguments, request.examples, inputs],
  );
  const [first] = useState(() => firstInputValues(used, latestInputs));
  const [typed, setTyped] = useState(first.values);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [result, setResult] = useState<RequestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const sendButton = useRef<HTMLButtonElement>(null);
  const { waiting, listen, cancel } = useTestWait(sendButton);
  // Whether the latest Send was refused for a value not known: the notes turn into the refusal.
  const [isRefused, setIsRefused] = useState(false);
  const { visits, onLeave, onSubmit } = useInputVisits();
  const inputProblems = runInputProblems(used, typed);
  const typedInputs = typedTestInputs(used, typed);
  const values = stepTestArguments(
    method.variables,
    request.arguments,
    typedInputs,
    latestRun,
    resolvedExamples(request.examples, typedInputs, latestRun),
  );
  // A value typed for an unresolved one stands in for it; an empty one is not a value.
  const missing = values.filter(
    (argument) => argument.value === null && (overrides[argument.name] ?? '') === '',
  );
  // A note of what is still needed until Send is refused; then the refusal, in the same place.
  const sendNote = stepTestSendNote(missing, inputProblems, isRefused);

  const send = async () => {
    if (isSending) return;
    onSubmit();
    // Refused in words, beside Send and at the field the keyboard goes to: the first input at
    // fault, else the first value to type.
    const [firstMissing] = missing;
    setIsRefused(firstMissing !== undefined);
    if (firstMissing !== undefined) {
      const [firstRefused] = inputsLeavingUnknown(missing, inputProblems);
      document
        .getElementById(
          firstRefused === undefined ? argumentValueId(firstMissing.name) : testInputId(firstRefused),
        )
        ?.focus();
      return;
    }
    setIsSending(true);
    setError(null);
    const { testId, stop } = listen();
    try {
      // Heard from the start: the wait is told as soon as it begins.
      await api.eventsReady();
      const variables = Object.fromEntries(
        values.map((argument) => [
          argument.name,
          argument.value === null ? (overrides[argument.name] ?? '') : argument.sent,
        ]),
      );
      setResult(await sendStepTest(request, method, variables, testId));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      stop();
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
        {request.configuration.mode === 'named' ? 'configuration the step names' : 'primary configuration'}
        {request.configuration.mode === 'client' ? ' (a run picks its client’s)' : ''}.
      </p>
      {request.warning !== undefined && (
        <p className="callout callout-warning" role="note">
          {request.warning}
        </p>
      )}
      <TestInputs
        used={used}
        origins={first.origins}
        typed={typed}
        visits={visits}
        onChange={setTyped}
        onLeave={onLeave}
      />
      <ArgumentValues
        values={values}
        latestRunId={latestRun?.id ?? null}
        overrides={overrides}
        isRefused={isRefused}
        onOverride={(name, value) => setOverrides({ ...overrides, [name]: value })}
      />
      {sendNote !== null &&
        (sendNote.isRefusal ? (
          <p id={sendNoteId} className="inline-error" role="alert">
            {sendNote.text}
          </p>
        ) : (
          <p id={sendNoteId} className="hint step-test-send-note">
            <Icon name="info" />
            {sendNote.text}
          </p>
        ))}
      <button
        ref={sendButton}
        type="button"
        className="button button-primary"
        onClick={() => void send()}
        // Not for a missing value: pressed, Send says which (a disabled button would say nothing).
        aria-disabled={isSending}
        aria-describedby={sendNote === null ? undefined : sendNoteId}
      >
        {testSendLabel(isSending, waiting)}
      </button>
      <TestWaitingNote waiting={waiting} onCancel={cancel} />
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {result !== null && request.isPinnable && (
        <PinTestResultButton runbookId={runbookId} stepId={request.stepId} result={result} />
      )}
      {result !== null && (
        <ResultView result={result} onAddOutput={(output) => void addOutputToMethod(method, output)} />
      )}
    </div>
  );
}
