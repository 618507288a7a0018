/**
 * The frame of an import: a dialog with a file picker, the error if the file is refused, what
 * the import will do (children), and Cancel / Import. Nothing is imported before Import.
 */
import type { ReactElement, ReactNode } from 'react';
import { Dialog } from './Dialog';
import './importDialog.css';

export function ImportFileDialog({
  title,
  fileLabel,
  error,
  canImport,
  onFile,
  onImport,
  onClose,
  children,
}: {
  title: string;
  fileLabel: string;
  error: string | null;
  canImport: boolean;
  onFile: (file: File) => void;
  onImport: () => void;
  onClose: () => void;
  children: ReactNode;
}): ReactElement {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" disabled={!canImport} onClick={onImport}>
            Import
          </button>
        </>
      }
    >
      <div className="import-dialog">
        <label className="inline-label">
          {fileLabel}
          <input
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) onFile(file);
            }}
          />
        </label>
        {error !== null && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        {children}
      </div>
    </Dialog>
  );
}
