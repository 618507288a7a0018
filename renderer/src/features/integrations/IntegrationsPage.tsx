/** The integrations list: search, category filter, empty states, shortcuts (Ctrl/Cmd+N, /). */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../../app/icons';
import { hrefOf, navigate } from '../../app/route';
import { shortcutLabel } from '../../app/shortcutLabel';
import { ImportIntegrationDialog } from './ImportIntegrationDialog';
import { IntegrationLogo } from './IntegrationLogo';
import { useIntegrationFilters, useIntegrationList } from './integrationsStore';

const openEditor = () => navigate({ area: 'integrations', view: 'new' });

function useListShortcuts(searchRef: React.RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const isTyping = target !== null && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        openEditor();
      } else if (event.key === '/' && !isTyping) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [searchRef]);
}

/** Placeholders in the shape of the cards while the first answer is on its way. */
function CardSkeletons(): ReactElement {
  return (
    <ul className="card-grid" aria-busy="true" aria-label="Loading integrations">
      {[0, 1, 2].map((index) => (
        <li key={index} className="card card-skeleton" aria-hidden="true">
          <span className="skeleton" style={{ width: 40, height: 40 }} />
          <span className="card-text">
            <span className="skeleton" style={{ width: 140, height: 16 }} />
            <span className="skeleton" style={{ width: 80, height: 14 }} />
            <span className="skeleton" style={{ width: 200, height: 14 }} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export function IntegrationsPage(): ReactElement {
  const [isImporting, setIsImporting] = useState(false);
  const { search, category } = useIntegrationFilters(useShallow((state) => state));
  const { list, error } = useIntegrationList();
  const { items, total, categories } = list ?? { items: [], total: 0, categories: [] };
  const hasLoaded = list !== undefined;
  const searchRef = useRef<HTMLInputElement>(null);
  useListShortcuts(searchRef);

  const isFiltered = search.trim() !== '' || category !== '';
  const isEmpty = hasLoaded && items.length === 0;

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Integrations</h1>
          <p className="muted">Connections to the systems your runbooks call.</p>
        </div>
        <div className="header-actions">
          <button type="button" className="button" onClick={() => setIsImporting(true)}>
            <Icon name="upload" /> Import…
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={openEditor}
            title={`New integration (${shortcutLabel('N')})`}
          >
            <Icon name="plus" />
            New integration
          </button>
        </div>
      </header>
      {isImporting && <ImportIntegrationDialog onClose={() => setIsImporting(false)} />}

      {(!isEmpty || isFiltered) && (
        <div className="toolbar" role="search">
          <label className="search-field">
            <span className="visually-hidden">Search integrations</span>
            <Icon name="search" />
            <input
              ref={searchRef}
              type="search"
              placeholder="Search by name or description"
              title="Search integrations (/)"
              value={search}
              onChange={(event) => useIntegrationFilters.setState({ search: event.target.value })}
            />
            {search === '' && <kbd aria-hidden="true">/</kbd>}
          </label>
          <label className="select-field">
            <span className="visually-hidden">Filter by category</span>
            <select
              value={category}
              onChange={(event) => useIntegrationFilters.setState({ category: event.target.value })}
            >
              <option value="">All categories</option>
              {categories.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {hasLoaded && (
            <span className="muted count" aria-live="polite">
              {total === 1 ? '1 integration' : `${String(total)} integrations`}
            </span>
          )}
        </div>
      )}

      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}

      {!hasLoaded && error === null && <CardSkeletons />}

      {isEmpty && !isFiltered && (
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="plug" />
          </span>
          <h2>Connect your first API</h2>
          <p>
            An integration holds how to reach one system — its address, how it signs in, and the requests you
            will use in runbooks. Start with the one you automate most.
          </p>
          <button type="button" className="button button-primary" onClick={openEditor}>
            <Icon name="plus" />
            New integration
          </button>
          <p className="hint">
            or press <kbd>{shortcutLabel('N')}</kbd>
          </p>
        </div>
      )}

      {isEmpty && isFiltered && (
        <div className="empty-state">
          <h2>No integration matches</h2>
          <p>Nothing matches {search.trim() !== '' ? `“${search.trim()}”` : 'this filter'}.</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              useIntegrationFilters.setState({ search: '', category: '' });
            }}
          >
            Clear filters
          </button>
        </div>
      )}

      {items.length > 0 && (
        <ul className="card-grid">
          {items.map((integration) => (
            <li key={integration.id}>
              <a
                className="card"
                href={hrefOf({ area: 'integrations', view: 'details', id: integration.id, tab: 'overview' })}
              >
                <IntegrationLogo integration={integration} />
                <span className="card-text">
                  <span className="card-title">{integration.name}</span>
                  <span className="card-meta">
                    <span className="badge" title={integration.category}>
                      {integration.category}
                    </span>
                    {integration.versionLabel !== '' && (
                      <span className="muted">{integration.versionLabel}</span>
                    )}
                  </span>
                  {integration.description !== '' && (
                    <span className="card-description">{integration.description}</span>
                  )}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
