/**
 * Import from OpenAPI / Swagger: paste, choose a file or give a URL; preview the operations, pick
 * which to import; nothing changes until Import.
 */
import { useState, type ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import { baseUrlProblem } from '../../../../shared/domain/baseUrl';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import {
  refreshIntegrationLists,
  showSavedDefinition,
  useOpenIntegration,
} from '../integrations/currentIntegrationStore';
import { countOf } from '../../app/countOf';

type Preview = CallOutput<'methods.previewOpenApi'>;

/** A server URL the integration can take as its base URL (a relative one like /api/v3 cannot). */
const isServerUsable = (url: string) => url !== '' && baseUrlProblem(url, 'integration') === undefined;

export function ImportOpenApiDialog({
  integrationId,
  onClose,
}: {
  integrationId: string;
  onClose: () => void;
}): ReactElement {
  const { definition } = useOpenIntegration();
  const [source, setSource] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [isUsingBaseUrl, setIsUsingBaseUrl] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const read = async () => {
    setIsBusy(true);
    setError(null);
    try {
      const trimmed = source.trim();
      const result = await api.call('methods.previewOpenApi', { source: trimmed });
      setPreview(result);
      setPicked(new Set(result.operations.map((operation) => operation.key)));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setIsBusy(false);
    }
  };

  const importPicked = async () => {
    if (preview === null) return;
    setIsBusy(true);
    try {
      const definitions = preview.operations
        .filter((operation) => picked.has(operation.key))
        .map((operation) => operation.definition);
      const { created } = await api.call('methods.importMany', { integrationId, definitions });
      if (isUsingBaseUrl && isServerUsable(preview.baseUrl) && definition !== null) {
        const stored = await api.call('integrations.updateDefinition', {
          id: integrationId,
          definition: { ...definition, baseUrlMode: 'fixed', baseUrl: preview.baseUrl },
        });
        showSavedDefinition(integrationId, stored);
      }
      await refreshIntegrationLists();
      useNoticeStore.getState().show('success', `Imported ${countOf(created.length, 'method')}`);
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
      setIsBusy(false);
    }
  };

  return (
    <Dialog
      title="Import from OpenAPI or Swagger"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          {preview === null ? (
            <button
              type="button"
              className="button button-primary"
              disabled={isBusy || source.trim() === ''}
              onClick={() => void read()}
            >
              {isBusy ? 'Reading…' : 'Read document'}
            </button>
          ) : (
            <button
              type="button"
              className="button button-primary"
              disabled={isBusy || picked.size === 0}
              onClick={() => void importPicked()}
            >
              Import {countOf(picked.size, 'method')}
            </button>
          )}
        </>
      }
    >
      {preview === null ? (
        <div className="import-source">
          <label className="inline-label">
            OpenAPI document or its URL
            <textarea
              className="mono"
              rows={8}
              placeholder={'https://example.com/openapi.json\n— or paste the JSON / YAML here'}
              value={source}
              onChange={(event) => setSource(event.target.value)}
            />
          </label>
          <label className="inline-label">
            Or choose a file
            <input
              type="file"
              accept=".json,.yaml,.yml"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file !== undefined) void file.text().then(setSource);
              }}
            />
          </label>
        </div>
      ) : (
        <div className="import-preview">
          <p>
            <strong>{preview.title || 'Untitled API'}</strong> {preview.version} —{' '}
            {countOf(preview.operations.length, 'operation')}
          </p>
          {preview.baseUrl !== '' && !isServerUsable(preview.baseUrl) && (
            <p className="hint">
              The document’s server, <code>{preview.baseUrl}</code>, is not a full http(s) address: set the
              base URL on the Connection tab.
            </p>
          )}
          {isServerUsable(preview.baseUrl) && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={isUsingBaseUrl}
                onChange={(event) => setIsUsingBaseUrl(event.target.checked)}
              />
              Use <code>{preview.baseUrl}</code> as the base URL
            </label>
          )}
          <ul className="pick-list">
            {preview.operations.map((operation) => (
              <li key={operation.key}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={picked.has(operation.key)}
                    onChange={(event) => {
                      const next = new Set(picked);
                      if (event.target.checked) next.add(operation.key);
                      else next.delete(operation.key);
                      setPicked(next);
                    }}
                  />
                  <span className={`method-badge method-${operation.definition.httpMethod.toLowerCase()}`}>
                    {operation.definition.httpMethod}
                  </span>
                  <span className="mono">{operation.definition.path}</span>
                  <span className="muted">{operation.definition.name}</span>
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
