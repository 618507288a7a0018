/**
 * A method's authorization (inherit, none, or its own), timeout, retry safety, dry run and
 * description; the description stops at its limit and says so.
 */
import { useId, type ReactElement } from 'react';
import { methodLimits, type MethodDefinition } from '../../../../shared/domain/method';
import { defaultAuthSettings } from '../../../../shared/auth/authTypeRegistry';
import { lengthLimitNoteOf } from '../../app/lengthLimitNote';
import { AuthSettingsFields } from '../connection/AuthSettingsFields';
import { DryRunSettings } from './DryRunSettings';

export function MethodSettings({
  draft,
  authorizationErrors,
  onChange,
}: {
  draft: MethodDefinition;
  /** A refused save's message at the authorization field at fault (`auth.<path>`). */
  authorizationErrors: Record<string, string>;
  onChange: (patch: Partial<MethodDefinition>) => void;
}): ReactElement {
  const authorization = draft.authorization;
  const authorizationModeId = useId();
  const descriptionLimitNote = lengthLimitNoteOf(
    'A method description',
    draft.description,
    methodLimits.descriptionMax,
  );
  return (
    <div className="settings-grid">
      {/* Labelled by its label alone: wrapped in it, the select's name took in its chosen option
          ("Authorization Inherit from the integration"). */}
      <div className="inline-label">
        <label htmlFor={authorizationModeId}>Authorization</label>
        <select
          id={authorizationModeId}
          value={authorization.mode}
          onChange={(event) => {
            const mode = event.target.value;
            onChange({
              authorization:
                mode === 'override'
                  ? { mode: 'override', settings: defaultAuthSettings('bearer') }
                  : { mode: mode === 'none' ? 'none' : 'inherit' },
            });
          }}
        >
          <option value="inherit">Inherit from the integration</option>
          <option value="none">None</option>
          <option value="override">Its own (credentials from the configuration)</option>
        </select>
      </div>
      {authorization.mode === 'override' && (
        <AuthSettingsFields
          legend="The method’s own authorization"
          settings={authorization.settings}
          errors={authorizationErrors}
          onChange={(settings) => onChange({ authorization: { mode: 'override', settings } })}
        />
      )}
      <label className="inline-label">
        Timeout (ms)
        <input
          inputMode="numeric"
          value={String(draft.timeoutMs)}
          onChange={(event) => onChange({ timeoutMs: Number(event.target.value) || 30_000 })}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.isRetrySafe}
          onChange={(event) => onChange({ isRetrySafe: event.target.checked })}
        />
        Safe to retry after an answer (for POST/PATCH that are idempotent)
      </label>
      <DryRunSettings draft={draft} onChange={onChange} />
      <div>
        <label className="inline-label">
          Description
          <input
            value={draft.description}
            maxLength={methodLimits.descriptionMax}
            aria-invalid={descriptionLimitNote?.isTooLong === true}
            aria-describedby={descriptionLimitNote === undefined ? undefined : 'method-description-limit'}
            onChange={(event) => onChange({ description: event.target.value })}
          />
        </label>
        {/* Always there, empty below the limit, so a screen reader hears the note when it comes. */}
        <p id="method-description-limit" className="hint method-description-limit" aria-live="polite">
          {descriptionLimitNote?.text}
        </p>
      </div>
    </div>
  );
}
