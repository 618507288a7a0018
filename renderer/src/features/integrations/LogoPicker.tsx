/** Chooses (or takes a dropped file), previews and removes a logo; refuses a bad file at once with the reason. */
import { useRef, useState, type DragEvent, type ReactElement } from 'react';
import type { Integration, LogoMimeType } from '../../../../shared/domain/integration';
import { logoLimits } from '../../../../shared/domain/logo';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { IntegrationLogo } from './IntegrationLogo';
import { readLogoFile, type ChosenLogo } from './logoFile';

export type LogoChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'replace'; chosen: ChosenLogo };

const formatNames: Record<LogoMimeType, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/svg+xml': 'SVG',
};

const describe = (info: { mimeType: LogoMimeType; width: number; height: number }) =>
  `${formatNames[info.mimeType]} · ${String(info.width)}×${String(info.height)} px`;

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
  const [isDropTarget, setIsDropTarget] = useState(false);
  const existingLogo = existing?.logo ?? null;
  const shows =
    change.kind === 'replace' ? 'new' : change.kind === 'keep' && existingLogo !== null ? 'existing' : 'none';

  const clearInput = () => {
    if (inputRef.current !== null) inputRef.current.value = '';
  };

  const choose = async (file: File | undefined) => {
    if (file === undefined) return;
    try {
      onChange({ kind: 'replace', chosen: await readLogoFile(file) }, undefined);
    } catch (caught) {
      onChange({ kind: 'keep' }, messageOf(caught));
      clearInput();
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setIsDropTarget(false);
    void choose(event.dataTransfer.files[0]);
  };

  return (
    <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
      <label htmlFor="field-logo">Logo</label>
      <div
        className={`logo-picker${isDropTarget ? ' is-drop-target' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setIsDropTarget(true);
        }}
        onDragLeave={() => setIsDropTarget(false)}
        onDrop={onDrop}
      >
        <div className="logo-preview" aria-hidden="true">
          {shows === 'new' && change.kind === 'replace' && (
            <img className="logo" src={change.chosen.previewUrl} alt="" />
          )}
          {shows === 'existing' && existing !== null && <IntegrationLogo integration={existing} size={64} />}
          {shows === 'none' && (
            <span className="logo logo-empty">
              <Icon name="image" />
            </span>
          )}
        </div>
        <div className="logo-side">
          <div className="logo-actions">
            <span className="button button-small file-button">
              <Icon name="upload" />
              {shows === 'none' ? 'Choose image…' : 'Replace…'}
              <input
                ref={inputRef}
                id="field-logo"
                type="file"
                accept=".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml"
                aria-describedby={`field-logo-hint${error === undefined ? '' : ' field-logo-error'}`}
                aria-invalid={error !== undefined}
                onChange={(event) => void choose(event.target.files?.[0])}
              />
            </span>
            {shows !== 'none' && (
              <button
                type="button"
                className="button button-small button-danger-quiet"
                onClick={() => {
                  onChange(existingLogo !== null ? { kind: 'remove' } : { kind: 'keep' }, undefined);
                  clearInput();
                }}
              >
                <Icon name="trash" />
                Remove logo
              </button>
            )}
            {change.kind === 'remove' && (
              <button
                type="button"
                className="link-button"
                onClick={() => onChange({ kind: 'keep' }, undefined)}
              >
                Keep the current logo
              </button>
            )}
          </div>
          {(shows !== 'none' || change.kind === 'remove') && (
            <p className="logo-status">
              {change.kind === 'replace' && (
                <>
                  <span className="logo-file-name">{change.chosen.upload.fileName}</span> ·{' '}
                  {describe(change.chosen.info)}
                </>
              )}
              {shows === 'existing' && existingLogo !== null && <>Current logo · {describe(existingLogo)}</>}
              {change.kind === 'remove' && 'The logo will be removed when you save.'}
            </p>
          )}
          <p id="field-logo-hint" className="hint">
            PNG, JPEG or SVG, at most {logoLimits.maxWidth}×{logoLimits.maxHeight} px and 1 MB. You can also
            drop an image here.
          </p>
        </div>
      </div>
      {error !== undefined && (
        <p id="field-logo-error" className="field-error" role="alert">
          <Icon name="warning" /> {error}
        </p>
      )}
    </div>
  );
}
