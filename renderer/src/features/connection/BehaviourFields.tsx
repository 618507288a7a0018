/** The integration proxy's switches: retry, throttle handling, outbound proxy with its CA. */
import type { ReactElement } from 'react';
import type { Behaviour } from '../../../../shared/domain/integrationDefinition';
import { Field } from '../../app/Field';
import { SecretInput } from '../configurations/SecretInput';
import { TextField } from './SimpleFields';

const proxyPasswordField = {
  name: 'proxyPassword',
  label: 'Proxy password',
  kind: 'secret',
  isRequired: false,
} as const;

/** The proxy password, write-only: whether one is stored, and what saving will do to it. */
export interface ProxyPasswordState {
  isStored: boolean;
  /** undefined: keep; null: clear; a string: replace. */
  pending: string | null | undefined;
  onChange: (value: string | null | undefined) => void;
}

export function BehaviourFields({
  behaviour,
  proxyPassword,
  errors,
  onChange,
}: {
  behaviour: Behaviour;
  proxyPassword: ProxyPasswordState;
  errors: Record<string, string>;
  onChange: (behaviour: Behaviour) => void;
}): ReactElement {
  const { retry, throttle, proxy } = behaviour;
  return (
    <fieldset className="fieldset">
      <legend>Behaviour</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={retry.isEnabled}
          onChange={(event) =>
            onChange({ ...behaviour, retry: { ...retry, isEnabled: event.target.checked } })
          }
        />
        Retry network errors and 5xx answers, with growing waits
      </label>
      {retry.isEnabled && (
        <TextField
          id="behaviour-maxAttempts"
          label="Attempts at most"
          value={String(retry.maxAttempts)}
          error={errors['behaviour.retry.maxAttempts']}
          onChange={(value) =>
            onChange({ ...behaviour, retry: { ...retry, maxAttempts: Number(value) || 1 } })
          }
        />
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={throttle.isEnabled}
          onChange={(event) =>
            onChange({ ...behaviour, throttle: { ...throttle, isEnabled: event.target.checked } })
          }
        />
        On 429 and 503, wait as Retry-After says
      </label>
      {throttle.isEnabled && (
        <TextField
          id="behaviour-maxTotalWait"
          label="Longest total wait (seconds)"
          value={String(Math.round(throttle.maxTotalWaitMs / 1000))}
          error={errors['behaviour.throttle.maxTotalWaitMs']}
          onChange={(value) =>
            onChange({ ...behaviour, throttle: { ...throttle, maxTotalWaitMs: (Number(value) || 0) * 1000 } })
          }
        />
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={proxy.isEnabled}
          onChange={(event) =>
            onChange({ ...behaviour, proxy: { ...proxy, isEnabled: event.target.checked } })
          }
        />
        Send requests through an outbound proxy
      </label>
      {proxy.isEnabled && (
        <>
          <TextField
            id="behaviour-proxyUrl"
            label="Proxy URL"
            value={proxy.url}
            hint="http://user@host:port — a password typed here moves to Proxy password when you save."
            error={errors['behaviour.proxy.url']}
            onChange={(url) => onChange({ ...behaviour, proxy: { ...proxy, url } })}
          />
          <SecretInput
            // A save that stores or clears the password starts the field afresh.
            key={String(proxyPassword.isStored)}
            field={proxyPasswordField}
            isStored={proxyPassword.isStored}
            pending={proxyPassword.pending}
            error={errors.proxyPassword}
            onChange={proxyPassword.onChange}
          />
          <Field
            id="behaviour-proxyCa"
            label="Proxy CA certificate (PEM)"
            error={undefined}
            hint="Trusted for connections through the proxy."
          >
            {(props) => (
              <textarea
                {...props}
                rows={3}
                className="mono"
                value={proxy.caCertificate}
                onChange={(event) =>
                  onChange({ ...behaviour, proxy: { ...proxy, caCertificate: event.target.value } })
                }
              />
            )}
          </Field>
        </>
      )}
    </fieldset>
  );
}
