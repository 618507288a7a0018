/**
 * The questions a pasted cURL command raises before it becomes a method: which host it calls when
 * it is not the integration's, and whether a credential typed into it stays in the method.
 */
import type { ReactElement } from 'react';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { typedCredentialPlace, typedCredentialsOf } from '../../../../shared/domain/typedCredentials';
import { Icon } from '../../app/icons';
import { pathBelowBaseUrl, type CurlTarget } from './curlTarget';

export interface CurlImportChoice {
  /** Send this method to the command's host (its path becomes the full address). */
  isUsingCommandHost: boolean;
  /** Keep the credentials typed into the command in the method (stored in clear). */
  isKeepingCredentials: boolean;
}

export function CurlImportChoices({
  definition,
  commandOrigin,
  target,
  choice,
  onChange,
}: {
  definition: MethodDefinition;
  commandOrigin: string;
  target: CurlTarget;
  choice: CurlImportChoice;
  onChange: (choice: CurlImportChoice) => void;
}): ReactElement {
  const typed = typedCredentialsOf(definition);
  return (
    <div className="curl-choices">
      {target.kind === 'ask' && (
        <fieldset className="radio-group">
          <legend>
            This command calls <code>{commandOrigin}</code>, not this integration’s base URL{' '}
            <code>{target.integrationBaseUrl}</code>.
          </legend>
          <label className="radio">
            <input
              type="radio"
              name="curl-host"
              checked={!choice.isUsingCommandHost}
              onChange={() => onChange({ ...choice, isUsingCommandHost: false })}
            />
            <span>
              Keep the integration’s base URL{' '}
              <span className="muted">
                The method calls{' '}
                <code>
                  {target.integrationBaseUrl.replace(/\/+$/, '')}
                  {pathBelowBaseUrl(target.integrationBaseUrl, definition.path)}
                </code>
              </span>
            </span>
          </label>
          <label className="radio">
            <input
              type="radio"
              name="curl-host"
              checked={choice.isUsingCommandHost}
              onChange={() => onChange({ ...choice, isUsingCommandHost: true })}
            />
            <span>
              Use <code>{commandOrigin}</code> for this method{' '}
              <span className="muted">The integration’s authorization is sent there too.</span>
            </span>
          </label>
        </fieldset>
      )}
      {typed.length > 0 && (
        <div className="callout callout-warning" role="alert">
          <p>
            <Icon name="warning" /> A credential is typed into{' '}
            {typed.map((credential) => typedCredentialPlace(credential)).join(' and ')}. Kept in the method,
            it is stored in clear and goes into every export; its place is the integration’s authorization and
            a configuration.
          </p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={choice.isKeepingCredentials}
              onChange={(event) => onChange({ ...choice, isKeepingCredentials: event.target.checked })}
            />
            Keep it in the method anyway
          </label>
        </div>
      )}
    </div>
  );
}
