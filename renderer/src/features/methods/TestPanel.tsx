/**
 * The Test button: asks for the method's variables, sends through the same path a run uses, and
 * shows status, time, size, headers, the body (values clickable into output variables), each
 * output's value and the request as sent, with secrets masked. While the request waits for the
 * integration's rate limit (or a Retry-After pause) it says so — the button says "Waiting…", then
 * "Sending…" once the request left — and Cancel gives up its place.
 */
import { useRef, useState, type ReactElement } from 'react';
import type { MethodDefinition, OutputVariable } from '../../../../shared/domain/method';
import type { RequestResult } from '../../../../shared/domain/requestResult';
import { methodVariables } from '../../../../shared/expressions/methodVariables';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import type { ConfigurationView } from '../integrations/currentIntegrationStore';
import { ResultView } from './ResultView';
import { TestWaitingNote } from './TestWaitingNote';
import { testSendLabel, useTestWait } from './useTestWait';
import { templateGivenTo } from '../../../../shared/runbook/steps/stepFields';

export function TestPanel({
  integrationId,
  methodId,
  definition,
  configurations,
  onAddOutput,
}: {
  integrationId: string;
  methodId: string | null;
  definition: MethodDefinition;
  configurations: ConfigurationView[];
  onAddOutput: (output: OutputVariable) => void;
}): ReactElement {
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [configurationId, setConfigurationId] = useState<string>('');
  const [result, setResult] = useState<RequestResult | null>(null);
  const [isSending, setIsSending] = useState(false);
  const sendButton = useRef<HTMLButtonElement>(null);
  const { waiting, listen, cancel } = useTestWait(sendButton);
  const names = methodVariables(definition);

  const send = async () => {
    if (isSending) return;
    setIsSending(true);
    const { testId, stop } = listen();
    try {
      await api.eventsReady();
      const used = Object.fromEntries(names.map((name) => [name, templateGivenTo(variables, name) ?? '']));
      setResult(
        await api.call('methods.test', {
          integrationId,
          methodId,
          definition,
          configurationId: configurationId === '' ? null : configurationId,
          variables: used,
          testId,
        }),
      );
    } catch (error) {
      useNoticeStore.getState().show('error', messageOf(error));
    } finally {
      stop();
      setIsSending(false);
    }
  };

  return (
    <section className="test-panel" aria-labelledby="test-heading">
      <div className="test-form">
        <h2 id="test-heading">Test</h2>
        <label className="inline-label">
          Configuration
          <select value={configurationId} onChange={(event) => setConfigurationId(event.target.value)}>
            <option value="">{configurations.length === 0 ? 'None' : 'Primary'}</option>
            {configurations.map((configuration) => (
              <option key={configuration.id} value={configuration.id}>
                {configuration.name}
              </option>
            ))}
          </select>
        </label>
        {names.map((name) => (
          <label key={name} className="inline-label">
            <span className="mono">{name}</span>
            <input
              aria-label={`Variable ${name}`}
              // Its own entry: "__proto__" or "constructor" read plainly are the object's members.
              value={templateGivenTo(variables, name) ?? ''}
              onChange={(event) => setVariables({ ...variables, [name]: event.target.value })}
              onKeyDown={(event) => {
                if (event.key === 'Enter') void send();
              }}
            />
          </label>
        ))}
        <button
          ref={sendButton}
          type="button"
          className="button button-primary"
          onClick={() => void send()}
          // Not `disabled`: a disabled button loses focus, and the keyboard would start again at the top.
          aria-disabled={isSending}
          title="Send (Ctrl+Enter)"
        >
          {testSendLabel(isSending, waiting)}
        </button>
        <TestWaitingNote waiting={waiting} onCancel={cancel} />
      </div>
      {result !== null && <ResultView result={result} onAddOutput={onAddOutput} />}
    </section>
  );
}
