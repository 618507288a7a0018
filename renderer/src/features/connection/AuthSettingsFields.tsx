/** The authorization picker and only the fields the chosen type needs; credentials go in configurations. */
import { useState, type ReactElement } from 'react';
import {
  authTypes,
  oauth2GrantTypes,
  type AuthSettings,
  type AuthType,
} from '../../../../shared/domain/authorization';
import { Field } from '../../app/Field';
import { authTypeLabels, defaultAuthSettings } from './authDefaults';
import { SelectField, TextField } from './SimpleFields';

const defaultLifetimeHint =
  'For tokens the server sends without expires_in; empty: kept until the API refuses it.';

const grantLabels: Record<(typeof oauth2GrantTypes)[number], string> = {
  client_credentials: 'Client credentials',
  password: 'Password',
  authorization_code: 'Authorization code',
  authorization_code_pkce: 'Authorization code with PKCE',
};

export function AuthSettingsFields({
  settings,
  errors,
  onChange,
}: {
  settings: AuthSettings;
  errors: Record<string, string>;
  onChange: (settings: AuthSettings) => void;
}): ReactElement {
  const set = (patch: Record<string, unknown>) => onChange({ ...settings, ...patch } as AuthSettings);
  const error = (name: string) => errors[`auth.${name}`];
  /** A text field bound to one of the settings' string properties. */
  const text = (name: string, label: string, hint?: string) => (
    <TextField
      id={`auth-${name}`}
      label={label}
      value={String((settings as Record<string, unknown>)[name] ?? '')}
      error={error(name)}
      {...(hint === undefined ? {} : { hint })}
      onChange={(value) => set({ [name]: value })}
    />
  );
  return (
    <fieldset className="fieldset">
      <legend>Authorization</legend>
      <Field id="field-authType" label="Authorization type" error={undefined}>
        {(props) => (
          <select
            {...props}
            value={settings.type}
            onChange={(event) => onChange(defaultAuthSettings(event.target.value as AuthType))}
          >
            {authTypes.map((type) => (
              <option key={type} value={type}>
                {authTypeLabels[type]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {settings.type === 'apiKey' && (
        <div className="form-row">
          {text('name', 'Key name')}
          <SelectField
            id="auth-placement"
            label="Send the key in"
            value={settings.placement}
            options={[
              ['header', 'A header'],
              ['query', 'A query parameter'],
            ]}
            onChange={(placement) => set({ placement })}
          />
        </div>
      )}
      {(settings.type === 'bearer' ||
        settings.type === 'basic' ||
        settings.type === 'mtls' ||
        settings.type === 'none') && (
        <p className="hint">
          {settings.type === 'none'
            ? 'Requests are sent without credentials.'
            : 'Each configuration supplies its own credentials for this type.'}
        </p>
      )}
      {settings.type === 'mtls' && (
        <SelectField
          id="auth-certificateFormat"
          label="Certificate format"
          value={settings.certificateFormat}
          options={[
            ['pem', 'PEM certificate and key'],
            ['pfx', 'PFX / PKCS#12 with passphrase'],
          ]}
          onChange={(certificateFormat) => set({ certificateFormat })}
        />
      )}
      {settings.type === 'oauth2' && (
        <>
          <div className="form-row">
            <SelectField
              id="auth-grantType"
              label="Grant type"
              value={settings.grantType}
              options={oauth2GrantTypes.map((grant) => [grant, grantLabels[grant]] as const)}
              onChange={(grantType) => set({ grantType })}
            />
            <SelectField
              id="auth-clientAuthentication"
              label="Client authentication"
              value={settings.clientAuthentication}
              options={[
                ['header', 'In the Authorization header'],
                ['body', 'In the request body'],
              ]}
              onChange={(clientAuthentication) => set({ clientAuthentication })}
            />
          </div>
          {text('tokenUrl', 'Token URL')}
          {settings.grantType.startsWith('authorization_code') && (
            <TextField
              id="auth-authorizeUrl"
              label="Authorize URL"
              value={settings.authorizeUrl}
              error={error('authorizeUrl')}
              hint="Sign-in opens your browser and returns to Runbook Designer on 127.0.0.1 (RFC 8252)."
              onChange={(authorizeUrl) => set({ authorizeUrl })}
            />
          )}
          <div className="form-row">
            {text('scope', 'Scope')}
            {text('audience', 'Audience')}
          </div>
          <TextField
            id="auth-defaultExpirySeconds"
            label="Default token lifetime (seconds)"
            hint={defaultLifetimeHint}
            value={settings.defaultExpirySeconds === null ? '' : String(settings.defaultExpirySeconds)}
            error={error('defaultExpirySeconds')}
            onChange={(value) => set({ defaultExpirySeconds: value.trim() === '' ? null : Number(value) })}
          />
        </>
      )}
      {settings.type === 'jwtAssertion' && (
        <>
          <div className="form-row">
            <SelectField
              id="auth-algorithm"
              label="Algorithm"
              value={settings.algorithm}
              options={[
                ['HS256', 'HS256 (shared secret)'],
                ['RS256', 'RS256'],
                ['PS256', 'PS256'],
              ]}
              onChange={(algorithm) =>
                set({ algorithm, keyFormat: algorithm === 'HS256' ? 'secret' : 'pem' })
              }
            />
            <SelectField
              id="auth-exchangeFormat"
              label="Send to the token endpoint as"
              value={settings.exchangeFormat}
              options={[
                ['form', 'Form (application/x-www-form-urlencoded)'],
                ['json', 'JSON'],
              ]}
              onChange={(exchangeFormat) => set({ exchangeFormat })}
            />
          </div>
          {settings.algorithm !== 'HS256' && (
            <SelectField
              id="auth-keyFormat"
              label="Private key format"
              value={settings.keyFormat === 'pfx' ? 'pfx' : 'pem'}
              options={[
                ['pem', 'PEM private key'],
                ['pfx', 'PFX / PKCS#12 with passphrase'],
              ]}
              onChange={(keyFormat) => set({ keyFormat })}
            />
          )}
          {text('tokenUrl', 'Token URL')}
          <div className="form-row">
            {text('issuer', 'Issuer (iss)')}
            {text('subject', 'Subject (sub)')}
          </div>
          <div className="form-row">
            {text('audience', 'Audience (aud)')}
            {text('scope', 'Scope')}
          </div>
          <ExtraClaimsField
            claims={settings.extraClaims}
            error={error('extraClaims')}
            onChange={(extraClaims) => set({ extraClaims })}
          />
          <div className="form-row">
            <TextField
              id="auth-lifetimeSeconds"
              label="Assertion lifetime (seconds)"
              hint="How long the signed assertion is valid: 30 to 86,400."
              value={String(settings.lifetimeSeconds)}
              error={error('lifetimeSeconds')}
              onChange={(value) => set({ lifetimeSeconds: value.trim() === '' ? 300 : Number(value) })}
            />
            <TextField
              id="auth-defaultExpirySeconds"
              label="Default token lifetime (seconds)"
              hint={defaultLifetimeHint}
              value={settings.defaultExpirySeconds === null ? '' : String(settings.defaultExpirySeconds)}
              error={error('defaultExpirySeconds')}
              onChange={(value) => set({ defaultExpirySeconds: value.trim() === '' ? null : Number(value) })}
            />
          </div>
        </>
      )}
      {settings.type === 'hmacBody' && (
        <>
          <div className="form-row">
            <SelectField
              id="auth-algorithm"
              label="Algorithm"
              value={settings.algorithm}
              options={[
                ['sha256', 'HMAC-SHA256'],
                ['sha512', 'HMAC-SHA512'],
              ]}
              onChange={(algorithm) => set({ algorithm })}
            />
            <SelectField
              id="auth-encoding"
              label="Encoding"
              value={settings.encoding}
              options={[
                ['hex', 'Hex'],
                ['base64', 'Base64'],
              ]}
              onChange={(encoding) => set({ encoding })}
            />
          </div>
          <div className="form-row">
            {text('headerName', 'Signature header')}
            {text('prefix', 'Prefix', 'e.g. "sha256="')}
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.timestamp.isEnabled}
              onChange={(event) =>
                set({ timestamp: { ...settings.timestamp, isEnabled: event.target.checked } })
              }
            />
            Sign a timestamp before the body, and send it in a header
          </label>
          {settings.timestamp.isEnabled && (
            <TextField
              id="auth-timestampHeader"
              label="Timestamp header"
              value={settings.timestamp.headerName}
              error={error('timestamp.headerName')}
              onChange={(headerName) => set({ timestamp: { ...settings.timestamp, headerName } })}
            />
          )}
        </>
      )}
      {settings.type === 'x509Body' && (
        <div className="form-row">
          {text('headerName', 'Signature header')}
          <SelectField
            id="auth-encoding"
            label="Encoding"
            value={settings.encoding}
            options={[
              ['base64', 'Base64'],
              ['hex', 'Hex'],
            ]}
            onChange={(encoding) => set({ encoding })}
          />
        </div>
      )}
    </fieldset>
  );
}

/**
 * Extra claims of a JWT assertion as a JSON object, e.g. Google's {"scope": "…"}: kept as typed
 * while it is not a JSON object (the last valid claims stay in the settings), with the reason.
 */
function ExtraClaimsField({
  claims,
  error,
  onChange,
}: {
  claims: Record<string, unknown>;
  error: string | undefined;
  onChange: (claims: Record<string, unknown>) => void;
}): ReactElement {
  const [draft, setDraft] = useState(() =>
    Object.keys(claims).length === 0 ? '' : JSON.stringify(claims, null, 2),
  );
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const change = (text: string) => {
    setDraft(text);
    if (text.trim() === '') {
      setProblem(undefined);
      onChange({});
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (caught) {
      setProblem(`Not valid JSON: ${(caught as Error).message}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setProblem('Extra claims are a JSON object, e.g. {"scope": "https://www.googleapis.com/auth/drive"}.');
      return;
    }
    setProblem(undefined);
    onChange(parsed as Record<string, unknown>);
  };
  return (
    <Field
      id="auth-extraClaims"
      label="Extra claims (JSON object)"
      error={problem ?? error}
      hint="Added to the assertion; iss, sub, aud, iat, exp and jti above take precedence."
    >
      {(props) => (
        <textarea
          {...props}
          rows={3}
          spellCheck={false}
          value={draft}
          placeholder='{"scope": "…"}'
          onChange={(event) => change(event.target.value)}
        />
      )}
    </Field>
  );
}
