/** Chooses, previews and removes a logo; refuses a bad file at once with the reason. */
import { useRef, type ReactElement } from 'react';
import type { Integration } from '../../../../shared/domain/integration';
import { logoLimits } from '../../../../shared/domain/logo';
import { messageOf } from '../../app/noticeStore';
import { IntegrationLogo } from './IntegrationLogo';
import { readLogoFile, type ChosenLogo } from './logoFile';

export type LogoChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'replace'; chosen: ChosenLogo };

export function LogoPicker({
  existing,
  change,
  error,
  onChange,
}: {
  existing: Integration | null;
  change: LogoChange;
  error: string | undefined;
  onChange: (change: LogoChange, error: string | undefined) => void;
}): ReactElement {
  const inputRef = useRef<HTMLInputElement>(null);
  const hasExisting = existing?.logo !== null && existing !== null;
  const shows =
    change.kind === 'replace' ? 'new' : change.kind === 'keep' && hasExisting ? 'existing' : 'none';

  const choose = async (file: File | undefined) => {
    if (file === undefined) return;
    try {
      onChange({ kind: 'replace', chosen: await readLogoFile(file) }, undefined);
    } catch (caught) {
      onChange({ kind: 'keep' }, messageOf(caught));
      if (inputRef.current !== null) inputRef.current.value = '';
    }
  };

  return (
    <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
      <label htmlFor="field-logo">Logo</label>
      <div className="logo-picker">
        <div className="logo-preview" aria-hidden="true">
          {shows === 'new' && change.kind === 'replace' && (
            <img className="logo" src={change.chosen.previewUrl} alt="" />
          )}
          {shows === 'existing' && existing !== null && <IntegrationLogo integration={existing} size={64} />}
          {shows === 'none' && <span className="logo logo-empty">No logo</span>}
        </div>
        <div className="logo-controls">
          <input
            ref={inputRef}
            id="field-logo"
            type="file"
            accept=".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"
            aria-describedby={`field-logo-hint${error === undefined ? '' : ' field-logo-error'}`}
            aria-invalid={error !== undefined}
            onChange={(event) => void choose(event.target.files?.[0])}
          />
          {shows !== 'none' && (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                onChange(hasExisting ? { kind: 'remove' } : { kind: 'keep' }, undefined);
                if (inputRef.current !== null) inputRef.current.value = '';
              }}
            >
              Remove logo
            </button>
          )}
          {change.kind === 'replace' && (
            <span className="muted">
              {change.chosen.info.width}×{change.chosen.info.height} px
            </span>
          )}
        </div>
      </div>
      <p id="field-logo-hint" className="hint">
        PNG, JPEG or SVG, at most {logoLimits.maxWidth}×{logoLimits.maxHeight} px and 1 MB.
      </p>
      {error !== undefined && (
        <p id="field-logo-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
