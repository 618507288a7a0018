/**
 * A runbook's versions (PRODUCT.md §4 "Versions"): publish the draft with a note, list the
 * published versions with their notes, dates and runs, switch each available or not, view one
 * read-only or restore it into the draft (after a confirmation).
 */
import { useState, type ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import { draftSide } from '../../../../shared/domain/runbookComparison';
import { api } from '../../api/client';
import { invalidateCalls, setCallData, useCall } from '../../api/resources';
import { Dialog } from '../../app/Dialog';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { saveDraftFirst } from './saveDraftFirst';
import { RestoreVersionDialog } from './RestoreVersionDialog';
import './versions.css';

type Version = CallOutput<'runbooks.versions'>[number];
export type ViewedVersion = CallOutput<'runbooks.version'>;
export type VersionComparison = CallOutput<'runbooks.compare'>;

const publishedAtFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

function VersionRow({
  version,
  isTriggered,
  onAvailable,
  onView,
  onRestore,
}: {
  version: Version;
  isTriggered: boolean;
  onAvailable: (isAvailable: boolean) => void;
  onView: () => void;
  onRestore: () => void;
}): ReactElement {
  const label = `Version ${String(version.number)}`;
  return (
    <li className={`version-row${version.isAvailable ? '' : ' is-unavailable'}`}>
      <div className="version-main">
        <span className="version-title">
          <strong>{label}</strong>
          {isTriggered && <span className="badge badge-ok">Webhook and schedule run this</span>}
          {!version.isAvailable && <span className="badge badge-warn">Unavailable</span>}
        </span>
        <span className={version.note === '' ? 'muted' : undefined}>
          {version.note === '' ? 'No note' : version.note}
        </span>
        <span className="muted">
          <time dateTime={version.publishedAt}>
            {publishedAtFormat.format(new Date(version.publishedAt))}
          </time>
          {' · '}
          {version.runCount === 1 ? '1 run' : `${String(version.runCount)} runs`}
        </span>
      </div>
      <label className="checkbox version-available">
        <input
          type="checkbox"
          role="switch"
          checked={version.isAvailable}
          aria-label={`${label} available`}
          onChange={(event) => onAvailable(event.target.checked)}
        />
        Available
      </label>
      <div className="version-actions">
        <button type="button" className="button button-small" aria-label={`View ${label}`} onClick={onView}>
          View
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label={`Restore ${label} into the draft`}
          onClick={onRestore}
        >
          Restore…
        </button>
      </div>
    </li>
  );
}

/** Picks two versions (or a version and the draft) to compare; the older one first by default. */
function CompareForm({
  versions,
  onCompare,
}: {
  versions: readonly Version[];
  onCompare: (from: string, to: string) => Promise<void>;
}): ReactElement {
  const [from, setFrom] = useState(versions[0]?.id ?? draftSide);
  const [to, setTo] = useState<string>(draftSide);
  const [isBusy, setIsBusy] = useState(false);
  const options = (
    <>
      <option value={draftSide}>Draft</option>
      {versions.map((version) => (
        <option key={version.id} value={version.id}>
          Version {version.number}
        </option>
      ))}
    </>
  );
  return (
    <form
      className="version-compare"
      aria-label="Compare versions"
      onSubmit={(event) => {
        event.preventDefault();
        setIsBusy(true);
        void onCompare(from, to).finally(() => setIsBusy(false));
      }}
    >
      <label className="inline-label">
        Compare
        <select value={from} onChange={(event) => setFrom(event.target.value)}>
          {options}
        </select>
      </label>
      <label className="inline-label">
        with
        <select value={to} onChange={(event) => setTo(event.target.value)}>
          {options}
        </select>
      </label>
      <button type="submit" className="button" disabled={isBusy || from === to}>
        Compare
      </button>
    </form>
  );
}

export function VersionsDialog({
  runbookId,
  onView,
  onCompare,
  onRestored,
  onClose,
}: {
  runbookId: string;
  onView: (version: ViewedVersion) => void;
  /** Two versions compared, to show on the canvas. */
  onCompare: (comparison: VersionComparison) => void;
  /** After a version replaced the draft (the dialog is done then too). */
  onRestored: () => void;
  onClose: () => void;
}): ReactElement {
  const listed = useCall('runbooks.versions', { id: runbookId });
  const versions = listed.data ?? null;
  const [note, setNote] = useState('');
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? (listed.error === null ? null : messageOf(listed.error));
  const [isBusy, setIsBusy] = useState(false);
  const [restoring, setRestoring] = useState<Version | null>(null);

  const nextNumber = (versions?.[0]?.number ?? 0) + 1;
  // Newest first: the first available one is the one triggers run.
  const triggeredId = versions?.find((version) => version.isAvailable)?.id;

  const publish = async () => {
    setIsBusy(true);
    setError(null);
    try {
      // What is published is the saved draft: save the latest edits first.
      await saveDraftFirst('Publish');
      const published = await api.call('runbooks.publish', { id: runbookId, note });
      setNote('');
      useNoticeStore.getState().show('success', `Published version ${String(published.number)}`);
      // Shown before the busy state ends, not whenever the change's event arrives.
      await invalidateCalls(['runbooks.versions']);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setIsBusy(false);
    }
  };
  const setAvailable = async (version: Version, isAvailable: boolean) => {
    setError(null);
    try {
      const changed = await api.call('runbooks.setVersionAvailable', {
        id: runbookId,
        versionId: version.id,
        isAvailable,
      });
      if (versions !== null) {
        const next = versions.map((other) => (other.id === changed.id ? changed : other));
        setCallData('runbooks.versions', { id: runbookId }, next);
      }
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const view = async (version: Version) => {
    try {
      onView(await api.call('runbooks.version', { id: runbookId, versionId: version.id }));
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const compare = async (from: string, to: string) => {
    setError(null);
    try {
      onCompare(await api.call('runbooks.compare', { id: runbookId, from, to }));
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  if (restoring !== null) {
    return (
      <RestoreVersionDialog
        runbookId={runbookId}
        version={restoring}
        onCancel={() => setRestoring(null)}
        onRestored={onRestored}
      />
    );
  }
  return (
    <Dialog
      title="Versions"
      onClose={onClose}
      actions={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <div className="versions-dialog">
        <form
          className="version-publish"
          onSubmit={(event) => {
            event.preventDefault();
            void publish();
          }}
        >
          <label className="inline-label">
            Note for version {nextNumber}
            <textarea
              rows={2}
              value={note}
              maxLength={2_000}
              placeholder="What changed, e.g. Posts the summary as a private note"
              onChange={(event) => setNote(event.target.value)}
              aria-describedby="publish-hint"
            />
          </label>
          <p id="publish-hint" className="hint">
            Publishing saves the draft as version {nextNumber}. Webhook and schedule run the latest available
            version; the Run button runs the draft.
          </p>
          <div>
            <button type="submit" className="button button-primary" disabled={isBusy}>
              <Icon name="upload" /> Publish version {nextNumber}
            </button>
          </div>
        </form>
        {error !== null && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <h3>Published versions</h3>
        {versions === null && <p className="muted">Loading…</p>}
        {versions !== null && versions.length === 0 && (
          <p className="muted">
            None yet: until one is published, the webhook answers 409 and the schedule waits.
          </p>
        )}
        {versions !== null && versions.length > 0 && <CompareForm versions={versions} onCompare={compare} />}
        {versions !== null && versions.length > 0 && (
          <ul className="version-list" aria-label="Published versions">
            {versions.map((version) => (
              <VersionRow
                key={version.id}
                version={version}
                isTriggered={version.id === triggeredId}
                onAvailable={(isAvailable) => void setAvailable(version, isAvailable)}
                onView={() => void view(version)}
                onRestore={() => setRestoring(version)}
              />
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
