/**
 * Rows of key, value, description and an enable switch: query parameters, headers, form fields.
 * Rows holding a typed credential the user was asked about are marked at their value.
 */
import type { ReactElement } from 'react';
import type { KeyValueRow } from '../../../../shared/domain/method';
import { Icon } from '../../app/icons';

export function KeyValueTable({
  label,
  rows,
  flaggedRows,
  onChange,
}: {
  label: string;
  rows: KeyValueRow[];
  /** Positions of rows whose value is a typed credential waiting for the user's decision. */
  flaggedRows?: ReadonlySet<number>;
  onChange: (rows: KeyValueRow[]) => void;
}): ReactElement {
  const set = (index: number, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((row, position) => (position === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv">
      {rows.length > 0 && (
        <div className="kv-row kv-head" aria-hidden="true">
          <span />
          <span>Key</span>
          <span>Value</span>
          <span>Description</span>
          <span />
        </div>
      )}
      {rows.map((row, index) => {
        const name = `${label} ${String(index + 1)}`;
        const isFlagged = flaggedRows?.has(index) === true;
        return (
          <div key={index} className={isFlagged ? 'kv-row kv-row-flagged' : 'kv-row'}>
            <input
              type="checkbox"
              aria-label={`${name} enabled`}
              checked={row.isEnabled}
              onChange={(event) => set(index, { isEnabled: event.target.checked })}
            />
            <input
              aria-label={`${name} key`}
              value={row.key}
              placeholder="key"
              onChange={(event) => set(index, { key: event.target.value })}
            />
            <input
              aria-label={`${name} value`}
              aria-invalid={isFlagged}
              aria-describedby={isFlagged ? 'typed-credential-warning' : undefined}
              value={row.value}
              placeholder="value or {{variable}}"
              onChange={(event) => set(index, { value: event.target.value })}
            />
            <input
              aria-label={`${name} description`}
              value={row.description}
              placeholder="description"
              onChange={(event) => set(index, { description: event.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${name}`}
              onClick={() => onChange(rows.filter((_, position) => position !== index))}
            >
              <Icon name="close" />
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...rows, { key: '', value: '', description: '', isEnabled: true }])}
      >
        <Icon name="plus" /> Add {label.toLowerCase()}
      </button>
    </div>
  );
}
