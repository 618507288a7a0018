/**
 * The Test button: asks for the method's variables, sends through the same path a run uses, and
 * shows status, time, size, headers, the body (values clickable into output variables), each
 * output's value and the request as sent, with secrets masked. While the request waits for the
 * integration's rate limit (or a Retry-After pause) it says so — the button says "Waiting…", then
 * "Sending…" once the request left — and Cancel gives up its place.
 */
import { useRef, useState, type ReactElement } from 'react';
import type { RateLimitWaitNote as WaitNote } from '../../../../shared/domain/rateLimitWait';
import type { MethodDefinition, OutputVariable } from '../../../../shared/domain/method';
import type { RequestResult } from '../../../../shared/domain/requestResult';
import { methodVariables } from '../../../../shared/expressions/methodVariables';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { RateLimitWaitNote } from '../../app/RateLimitWaitNote';
import { useNoticeStore } from '../../app/noticeStore';
import type { ConfigurationView } from '../integrations/currentIntegrationStore';
import { ResultView } from './ResultView';
import { templateGivenTo } from '../../../../shared/runbook/steps/stepFields';

/** The Send button's words: while a Test goes, whether its request waits or has left. */
function sendLabel(isSending: boolean, isWaiting: boolean): string {
  if (!isSending) return 'Send test request';
  return isWaiting ? 'Waiting…' : 'Sending…';
}

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
  /** The Test going that waits before its request leaves, and why. */
  const [waiting, setWaiting] = useState<{ testId: string; wait: WaitNote } | null>(null);
  const sendButton = useRef<HTMLButtonElement>(null);
  const names = methodVariables(definition);

  const send = async () => {
    if (isSending) return;
    setIsSending(true);
    const testId = crypto.randomUUID();
    // Heard before the call: its wait is told as soon as it begins.
    const unsubscribe = api.onEvent((message) => {
      if (message.name !== 'methods.testWaiting' || message.payload.testId !== testId) return;
      const { wait } = message.payload;
      setWaiting(wait === null ? null : { testId, wait });
    });
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
      unsubscribe();
      setWaiting(null);
      setIsSending(false);
    }
  };

  /** Gives up the waiting Test's place: its result says nothing was sent. */
  const cancel = (testId: string) => {
    // The Cancel button goes with the wait: the keyboard stays at Send.
    sendButton.current?.focus();
    api.call('methods.cancelTest', { testId }).catch((error: unknown) => {
      useNoticeStore.getState().show('error', messageOf(error));
    });
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
          {sendLabel(isSending, waiting !== null)}
        </button>
        {waiting !== null && (
          <div className="test-waiting">
            <RateLimitWaitNote wait={waiting.wait} />
            <button type="button" className="button button-small" onClick={() => cancel(waiting.testId)}>
              Cancel
            </button>
          </div>
        )}
      </div>
      {result !== null && <ResultView result={result} onAddOutput={onAddOutput} />}
    </section>
  );
}
