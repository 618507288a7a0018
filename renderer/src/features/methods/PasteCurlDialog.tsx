/**
 * Paste a cURL command: it becomes a new method, opened in the editor to name and test. A command
 * for another host than the integration's base URL, or one carrying a credential typed into a
 * header or query value, is not taken silently: the dialog asks first (CurlImportChoices).
 */
import { useState, type ReactElement } from 'react';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { typedCredentialsOf } from '../../../../shared/domain/typedCredentials';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import {
  refreshIntegrationLists,
  showSavedDefinition,
  useOpenIntegration,
} from '../integrations/currentIntegrationStore';
import { CurlImportChoices, type CurlImportChoice } from './CurlImportChoices';
import { curlTargetOf, pathBelowBaseUrl, type CurlTarget } from './curlTarget';

interface Parsed {
  definition: MethodDefinition;
  commandOrigin: string;
  target: CurlTarget;
}

/** The method as the user chose: its path against which host, with or without typed credentials. */
function chosenDefinition(parsed: Parsed, choice: CurlImportChoice): MethodDefinition {
  const { definition, target, commandOrigin } = parsed;
  const path =
    target.kind === 'adoptOrigin'
      ? definition.path
      : target.kind === 'ask' && choice.isUsingCommandHost
        ? `${commandOrigin}${definition.path}`
        : pathBelowBaseUrl(
            target.kind === 'ask' ? target.integrationBaseUrl : target.baseUrl,
            definition.path,
          );
  if (choice.isKeepingCredentials) return { ...definition, path };
  const typed = typedCredentialsOf(definition);
  const without = (location: 'header' | 'query', rows: MethodDefinition['headers']) =>
    rows.filter((_, index) => !typed.some((item) => item.location === location && item.index === index));
  return {
    ...definition,
    path,
    headers: without('header', definition.headers),
    query: without('query', definition.query),
  };
}

export function PasteCurlDialog({
  integrationId,
  onClose,
}: {
  integrationId: string;
  onClose: () => void;
}): ReactElement {
  const { definition: integrationDefinition } = useOpenIntegration();
  const [command, setCommand] = useState('');
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [choice, setChoice] = useState<CurlImportChoice>({
    isUsingCommandHost: false,
    isKeepingCredentials: false,
  });
  const [error, setError] = useState<string | null>(null);

  const createMethod = async (from: Parsed, chosen: CurlImportChoice) => {
    const definitions = [chosenDefinition(from, chosen)];
    const [created] = (await api.call('methods.importMany', { integrationId, definitions })).created;
    const current = integrationDefinition;
    if (current !== null && from.target.kind === 'adoptOrigin') {
      showSavedDefinition(
        integrationId,
        await api.call('integrations.updateDefinition', {
          id: integrationId,
          definition: { ...current, baseUrl: from.commandOrigin },
        }),
      );
    }
    await refreshIntegrationLists();
    useNoticeStore.getState().show('success', 'Method created from cURL');
    onClose();
    if (created !== undefined)
      navigate({ area: 'integrations', view: 'method', id: integrationId, methodId: created.id });
  };

  const read = async () => {
    try {
      const { definition, baseUrl } = await api.call('methods.parseCurl', { command });
      const next = {
        definition,
        commandOrigin: baseUrl,
        target: curlTargetOf(integrationDefinition, baseUrl),
      };
      const isAsking = next.target.kind === 'ask' || typedCredentialsOf(definition).length > 0;
      if (isAsking) setParsed(next);
      else await createMethod(next, choice);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const create = () => {
    if (parsed === null) return void read();
    createMethod(parsed, choice).catch((caught: unknown) => setError(messageOf(caught)));
  };

  return (
    <Dialog
      title="New method from cURL"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={command.trim() === ''}
            onClick={create}
          >
            Create method
          </button>
        </>
      }
    >
      {parsed === null ? (
        <label className="inline-label">
          cURL command
          <textarea
            className="mono"
            rows={8}
            placeholder={
              "curl -X POST https://api.example.com/v1/tickets -H 'Content-Type: application/json' -d '{…}'"
            }
            value={command}
            onChange={(event) => {
              setCommand(event.target.value);
              setError(null);
            }}
          />
        </label>
      ) : (
        <CurlImportChoices
          definition={parsed.definition}
          commandOrigin={parsed.commandOrigin}
          target={parsed.target}
          choice={choice}
          onChange={setChoice}
        />
      )}
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
