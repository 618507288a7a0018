/** The fields a Secrets-only integration stores: name, label and type (text, password, URL). */
import type { ReactElement } from 'react';
import type { CustomField } from '../../../../shared/domain/integrationDefinition';
import { Icon } from '../../app/icons';

export function CustomFieldsEditor({
  fields,
  onChange,
}: {
  fields: CustomField[];
  onChange: (fields: CustomField[]) => void;
}): ReactElement {
  const set = (index: number, patch: Partial<CustomField>) =>
    onChange(fields.map((field, position) => (position === index ? { ...field, ...patch } : field)));
  return (
    <fieldset className="fieldset">
      <legend>Stored values</legend>
      <p className="hint">Each configuration fills these in; password fields are write-only.</p>
      {fields.map((field, index) => (
        <div key={index} className="row-editor">
          <input
            aria-label={`Field ${String(index + 1)} name`}
            placeholder="name"
            value={field.name}
            onChange={(event) => set(index, { name: event.target.value })}
          />
          <input
            aria-label={`Field ${String(index + 1)} label`}
            placeholder="Label"
            value={field.label}
            onChange={(event) => set(index, { label: event.target.value })}
          />
          <select
            aria-label={`Field ${String(index + 1)} type`}
            value={field.type}
            onChange={(event) => set(index, { type: event.target.value as CustomField['type'] })}
          >
            <option value="text">Text</option>
            <option value="password">Password</option>
            <option value="url">URL</option>
          </select>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove field ${String(index + 1)}`}
            onClick={() => onChange(fields.filter((_, position) => position !== index))}
          >
            <Icon name="trash" />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange([...fields, { name: '', label: '', type: 'text' }])}
      >
        <Icon name="plus" /> Add a field
      </button>
    </fieldset>
  );
}
