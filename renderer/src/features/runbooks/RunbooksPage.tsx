/** Runbooks: the list, search, fork, and a new runbook opening in the designer. */
import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import { runbookLimits } from '../../../../shared/domain/runbook';
import { api } from '../../api/client';
import { useCall } from '../../api/resources';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { refocusAfterRowDeleted } from '../../app/focusReturn';
import { timeAgo } from '../../app/relativeTime';
import { hrefOf, navigate } from '../../app/route';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import { forkRunbook } from './forkRunbook';
import { listedTriggerLabels } from './listedTriggerLabels';
import { DeleteRunbookDialog } from './DeleteRunbookDialog';
import { ImportRunbookDialog } from './ImportRunbookDialog';
import './versions.css';

type ListedRunbook = CallOutput<'runbooks.list'>['items'][number];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const nextTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** A row's triggers column: webhook on/off, schedule active with its next time, or paused. */
function RunbookTriggers({ item }: { item: ListedRunbook }): ReactElement {
  const labels = listedTriggerLabels(item.triggers, (iso) => nextTimeFormat.format(new Date(iso)));
  return (
    <span className="runbook-triggers">
      {labels.map((label) => (
        <span key={label.text} className={label.isActive ? 'trigger-on' : 'muted'} title={label.title}>
          {label.text}
        </span>
      ))}
    </span>
  );
}

/** A row's right side: its last run, its triggers, its published versions, and when its draft last changed. */
function RunbookActivity({ item }: { item: ListedRunbook }): ReactElement {
  const { lastRun, versions } = item;
  return (
    <span className="runbook-activity">
      <span>
        {lastRun === null ? (
          <span className="muted">Never run</span>
        ) : (
          <>
            <span className={`run-badge run-${lastRun.status}`}>{lastRun.status}</span>{' '}
            <span className="muted" title={dateFormat.format(new Date(lastRun.queuedAt))}>
              {timeAgo(lastRun.queuedAt)}
            </span>
          </>
        )}
      </span>
      <RunbookTriggers item={item} />
      <span className="muted">
        {versions === null
          ? 'Draft only'
          : versions.live === null
            ? `v${String(versions.latest)}, none available`
            : `v${String(versions.live)} live${versions.latest > versions.live ? ` (v${String(versions.latest)} latest)` : ''}`}
      </span>
      <span className="muted" title={dateFormat.format(new Date(item.updatedAt))}>
        Changed {timeAgo(item.updatedAt)}
      </span>
    </span>
  );
}

export function RunbooksPage(): ReactElement {
  const [isImporting, setIsImporting] = useState(false);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  // The Delete button pressed: after the delete, focus goes to the next runbook (or the heading).
  const deleteButton = useRef<HTMLElement | null>(null);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [newName, setNewName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);
  const filter = useDebouncedValue({ search, category });
  const listed = useCall('runbooks.list', filter, { keepPrevious: true });
  // Every category there is, from the unfiltered list (the same cached answer when not filtering).
  const all = useCall('runbooks.list', { search: '', category: '' });
  const items = listed.data?.items ?? null;
  const categories = [
    ...new Set((all.data?.items ?? []).map((item) => item.category).filter((name) => name !== '')),
  ].sort();
  const readError = listed.error ?? all.error;
  const error = createError ?? (readError === null ? null : messageOf(readError));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await api.call('runbooks.create', {
        details: { name: newName, description: '', category: '', tags: [] },
      });
      navigate({ area: 'runbooks', runbookId: created.id });
    } catch (caught) {
      setCreateError(messageOf(caught));
      // The name is what to put right (taken, too long): the keyboard goes back to it.
      document.getElementById('new-runbook')?.focus();
    }
  };

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Runbooks</h1>
          <p className="muted">
            Flow charts of requests, conditions and loops that run by hand, from a webhook or on a schedule.
          </p>
        </div>
        <div className="header-actions">
          <button type="button" className="button" onClick={() => setIsImporting(true)}>
            <Icon name="upload" /> Import…
          </button>
        </div>
      </header>
      {isImporting && <ImportRunbookDialog onClose={() => setIsImporting(false)} />}
      {deleting !== null && (
        <DeleteRunbookDialog
          runbook={deleting}
          onCancel={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            refocusAfterRowDeleted(deleteButton.current);
          }}
        />
      )}
      <form className="inline-form create-row" onSubmit={(event) => void create(event)}>
        <div className="field">
          <label htmlFor="new-runbook">New runbook name</label>
          <input
            id="new-runbook"
            maxLength={runbookLimits.nameMax}
            aria-invalid={createError !== null}
            aria-describedby={createError === null ? undefined : 'new-runbook-error'}
            value={newName}
            placeholder="e.g. Summarise new tickets"
            onChange={(event) => setNewName(event.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={newName.trim() === ''}>
          <Icon name="plus" /> Create runbook
        </button>
      </form>
      {error !== null && (
        <p id="new-runbook-error" className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="toolbar">
        <label className="search-field">
          <span className="visually-hidden">Search runbooks</span>
          <Icon name="search" />
          <input
            type="search"
            placeholder="Search by name, description or tag"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <label className="select-field">
          <span className="visually-hidden">Filter by category</span>
          <select value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">Every category</option>
            {categories.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {items !== null && items.length === 0 && (
        <div className="empty-state">
          <h2>{search === '' && category === '' ? 'No runbook yet' : 'No runbook matches'}</h2>
          <p>
            {search === '' && category === ''
              ? 'Name your first runbook above; it opens on the canvas with a Start step.'
              : 'Try another search.'}
          </p>
        </div>
      )}
      {items !== null && items.length > 0 && (
        <ul className="list list-with-actions runbook-list">
          {items.map((item) => (
            <li key={item.id}>
              <a className="list-row list-link" href={hrefOf({ area: 'runbooks', runbookId: item.id })}>
                <span className="list-main">
                  <span className="list-title" title={item.name}>
                    {item.name}
                  </span>
                  {item.description !== '' && (
                    <span className="muted runbook-description" title={item.description}>
                      {item.description}
                    </span>
                  )}
                  {item.category !== '' && <span className="muted">{item.category}</span>}
                </span>
                {item.tags.map((tag) => (
                  <span key={tag} className="badge">
                    {tag}
                  </span>
                ))}
                <RunbookActivity item={item} />
              </a>
              <button
                type="button"
                className="button button-small"
                aria-label={`Fork ${item.name}`}
                title="Copy into a new runbook, with its webhook and schedule off"
                onClick={() => void forkRunbook(item.id)}
              >
                <Icon name="fork" /> Fork
              </button>
              <button
                type="button"
                className="button button-small button-danger-quiet"
                aria-label={`Delete ${item.name}`}
                title="Delete this runbook with its runs"
                onClick={(event) => {
                  deleteButton.current = event.currentTarget;
                  setDeleting({ id: item.id, name: item.name });
                }}
              >
                <Icon name="trash" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
