/**
 * Which configuration a method is sent with (PRODUCT.md §4) — an Execute method step's, and a
 * Wait for approval's Notify request's: the integration's primary one, the run's client's, or one
 * by name. In a client's run, an integration in client configuration mode sends with that
 * client's configuration unless one is named (methodService.ts), as the hint says.
 */
import type { ReactElement } from 'react';
import type { MethodConfiguration } from '../../../../../shared/runbook/steps/method';
import { useCall } from '../../../api/resources';

/** The select's value of a choice: `primary`, `client` or `named:<configuration id>`. */
const valueOf = (choice: MethodConfiguration) =>
  choice.mode === 'named' ? `named:${choice.configurationId}` : choice.mode;

function choiceOf(value: string): MethodConfiguration {
  if (value.startsWith('named:')) return { mode: 'named', configurationId: value.slice('named:'.length) };
  return value === 'client' ? { mode: 'client' } : { mode: 'primary' };
}

export function ConfigurationChoice({
  id,
  configuration,
  integrationId,
  label = 'Configuration',
  onChange,
}: {
  /** Names the hint: unique in the inspector. */
  id: string;
  configuration: MethodConfiguration;
  integrationId: string;
  label?: string;
  onChange: (configuration: MethodConfiguration) => void;
}): ReactElement {
  const configurations = useCall('configurations.list', { integrationId }).data ?? [];
  const value = valueOf(configuration);
  const isKnown =
    configuration.mode !== 'named' || configurations.some((known) => `named:${known.id}` === value);
  return (
    <>
      <label className="inline-label">
        {label}
        <select
          value={value}
          onChange={(event) => onChange(choiceOf(event.target.value))}
          aria-describedby={`configuration-hint-${id}`}
        >
          <option value="primary">Primary</option>
          <option value="client">The run’s client</option>
          {configurations.map((known) => (
            <option key={known.id} value={`named:${known.id}`}>
              {known.clientName === '' ? known.name : `${known.name} (client ${known.clientName})`}
            </option>
          ))}
          {!isKnown && <option value={value}>A configuration that no longer exists</option>}
        </select>
      </label>
      <p className="hint" id={`configuration-hint-${id}`}>
        In a client’s run, an integration in client configuration mode sends with that client’s configuration
        unless one is named here.
      </p>
    </>
  );
}
