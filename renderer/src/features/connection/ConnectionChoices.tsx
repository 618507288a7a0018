/**
 * The connection form's plain parts (ConnectionTab.tsx): what the integration speaks, where its
 * base URL comes from, how runbooks name its values and whether its configurations are clients'.
 */
import type { ReactElement } from 'react';
import type { IntegrationDefinition } from '../../../../shared/domain/integrationDefinition';
import { Field } from '../../app/Field';

type Update = (patch: Partial<IntegrationDefinition>) => void;

/** REST API, or values only (secrets runbooks read; no requests sent). */
export function ProtocolChoice({ isRest, update }: { isRest: boolean; update: Update }): ReactElement {
  return (
    <fieldset className="radio-group">
      <legend>Protocol</legend>
      <label className="radio">
        <input type="radio" name="protocol" checked={isRest} onChange={() => update({ protocol: 'rest' })} />
        REST API
      </label>
      <label className="radio">
        <input
          type="radio"
          name="protocol"
          checked={!isRest}
          onChange={() => update({ protocol: 'secrets' })}
        />
        Secrets only <span className="muted">— stores values runbooks read; sends no requests</span>
      </label>
    </fieldset>
  );
}

/** One base URL for every configuration, or one per configuration. */
export function BaseUrlModeChoice({
  mode,
  update,
}: {
  mode: IntegrationDefinition['baseUrlMode'];
  update: Update;
}): ReactElement {
  return (
    <fieldset className="radio-group">
      <legend>Base URL</legend>
      <label className="radio">
        <input
          type="radio"
          name="baseUrlMode"
          checked={mode === 'fixed'}
          onChange={() => update({ baseUrlMode: 'fixed' })}
        />
        One URL for every configuration
      </label>
      <label className="radio">
        <input
          type="radio"
          name="baseUrlMode"
          checked={mode === 'per_configuration'}
          onChange={() => update({ baseUrlMode: 'per_configuration' })}
        />
        Not globally fixed: each configuration sets its own
      </label>
    </fieldset>
  );
}

/** The prefix runbooks read the integration's values by, and client configuration mode. */
export function PrefixAndClientsFields({
  draft,
  error,
  update,
}: {
  draft: IntegrationDefinition;
  /** The prefix's refusal, if any. */
  error: string | undefined;
  update: Update;
}): ReactElement {
  return (
    <div className="form-row">
      <Field
        id="field-variablePrefix"
        label="Variable prefix"
        error={error}
        hint={`Runbooks read values as {{config.${draft.variablePrefix === '' ? 'prefix' : draft.variablePrefix}.<field>}}.`}
      >
        {(props) => (
          <input
            {...props}
            value={draft.variablePrefix}
            placeholder="e.g. halo"
            onChange={(event) => update({ variablePrefix: event.target.value })}
          />
        )}
      </Field>
      <div className="field">
        <span className="field-label">Clients</span>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.isClientMode}
            onChange={(event) => update({ isClientMode: event.target.checked })}
          />
          Client configuration mode
        </label>
        <p className="hint">Each configuration belongs to a client; a run uses its client’s configuration.</p>
      </div>
    </div>
  );
}
