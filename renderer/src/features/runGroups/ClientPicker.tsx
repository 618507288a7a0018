/**
 * The Run dialog's clients (run across clients): one run — for no client or the one chosen —,
 * several clients picked from a searchable list, or all of them; a group runs at most
 * "At once" clients at a time.
 */
import { useState, type ReactElement } from 'react';
import { clientsMatching, switchMode, type ClientChoice } from './clientChoice';
import { ConcurrencyField } from './ConcurrencyField';
import './runGroups.css';

const modes: readonly { mode: ClientChoice['mode']; label: string }[] = [
  { mode: 'one', label: 'One' },
  { mode: 'several', label: 'Several' },
  { mode: 'all', label: 'All' },
];

export function ClientPicker({
  clients,
  choice,
  onChange,
  error,
}: {
  clients: readonly string[];
  choice: ClientChoice;
  onChange: (choice: ClientChoice) => void;
  error?: string | undefined;
}): ReactElement {
  const [search, setSearch] = useState('');
  const shown = clientsMatching(clients, search);
  return (
    <fieldset className="client-picker">
      <legend>Clients</legend>
      <div className="client-modes" role="radiogroup" aria-label="Run for">
        {modes.map(({ mode, label }) => (
          <label key={mode} className="client-mode">
            <input
              type="radio"
              name="client-mode"
              checked={choice.mode === mode}
              onChange={() => onChange(switchMode(choice, mode))}
            />
            {label}
          </label>
        ))}
      </div>
      {choice.mode === 'one' && (
        <label className="select-field">
          <span>Client</span>
          <select
            value={choice.client}
            onChange={(event) => onChange({ mode: 'one', client: event.target.value })}
          >
            <option value="">No client</option>
            {clients.map((client) => (
              <option key={client} value={client}>
                {client}
              </option>
            ))}
          </select>
        </label>
      )}
      {choice.mode === 'several' && (
        <>
          <input
            type="search"
            className="client-search"
            aria-label="Search clients"
            placeholder="Search clients"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <ul className="client-list" aria-label="Clients to run for">
            {shown.map((client) => (
              <li key={client}>
                <label>
                  <input
                    type="checkbox"
                    checked={choice.clients.includes(client)}
                    onChange={(event) =>
                      onChange({
                        ...choice,
                        clients: event.target.checked
                          ? [...choice.clients, client]
                          : choice.clients.filter((other) => other !== client),
                      })
                    }
                  />
                  {client}
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="muted">No client matches.</li>}
          </ul>
          <p className="hint">{`${String(choice.clients.length)} of ${String(clients.length)} chosen`}</p>
        </>
      )}
      {choice.mode === 'all' && <p className="hint">{`Every client: ${clients.join(', ')}`}</p>}
      {(choice.mode !== 'one' || choice.client !== '') && (
        <p className="hint client-configuration-rule">
          In a client’s run, a step sends with that client’s configuration when it is set to the run’s client,
          or to the primary configuration of an integration in client configuration mode. A named
          configuration, and the primary one of an integration not in client mode, stay as set.
        </p>
      )}
      {choice.mode !== 'one' && (
        <ConcurrencyField
          className="select-field client-concurrency"
          value={choice.concurrency}
          onChange={(concurrency) => onChange({ ...choice, concurrency })}
        />
      )}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
