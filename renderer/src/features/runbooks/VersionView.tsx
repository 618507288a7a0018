/** A published version shown read-only in place of the designer's canvas, with a way back or to restore it. */
import { ReactFlowProvider } from '@xyflow/react';
import { useState, type ReactElement } from 'react';
import { Icon } from '../../app/icons';
import { ReadOnlyCanvas } from './ReadOnlyCanvas';
import { RestoreVersionDialog } from './RestoreVersionDialog';
import type { ViewedVersion } from './VersionsDialog';
import './versions.css';

const publishedAtFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function VersionView({
  runbookId,
  version,
  onClose,
}: {
  runbookId: string;
  version: ViewedVersion;
  onClose: () => void;
}): ReactElement {
  const [isRestoring, setIsRestoring] = useState(false);
  const label = `Version ${String(version.number)}`;
  return (
    <div className="version-view">
      <div className="version-banner" role="region" aria-label={`${label}, read-only`}>
        <Icon name="history" />
        <span className="version-banner-text">
          <strong>{label}</strong> <span className="badge">Read-only</span>{' '}
          <span className="muted">
            published {publishedAtFormat.format(new Date(version.publishedAt))}
            {version.isAvailable ? '' : ' · unavailable'}
            {version.note === '' ? '' : ` · “${version.note}”`}
          </span>
        </span>
        <button type="button" className="button" onClick={() => setIsRestoring(true)}>
          Restore into draft…
        </button>
        <button type="button" className="button button-primary" onClick={onClose}>
          <Icon name="back" /> Back to the draft
        </button>
      </div>
      {/* Its own flow store: the draft's canvas and its toolbar keep theirs. */}
      <ReactFlowProvider>
        <div className="canvas version-canvas">
          <ReadOnlyCanvas graph={version.graph} label={`${label} of the runbook, read-only`} hasControls />
        </div>
      </ReactFlowProvider>
      {isRestoring && (
        <RestoreVersionDialog
          runbookId={runbookId}
          version={version}
          onCancel={() => setIsRestoring(false)}
          onRestored={onClose}
        />
      )}
    </div>
  );
}
