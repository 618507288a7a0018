/** The request body: none, JSON, form, multipart or raw text — values may hold {{variables}}. */
import type { ReactElement } from 'react';
import type { MethodBody } from '../../../../shared/domain/method';
import { KeyValueTable } from './KeyValueTable';

const kinds: { kind: MethodBody['kind']; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'json', label: 'JSON' },
  { kind: 'form', label: 'Form URL-encoded' },
  { kind: 'multipart', label: 'Multipart' },
  { kind: 'raw', label: 'Raw text / XML' },
];

function switchKind(body: MethodBody, kind: MethodBody['kind']): MethodBody {
  const text = body.kind === 'json' || body.kind === 'raw' ? body.text : '';
  const rows = body.kind === 'form' || body.kind === 'multipart' ? body.rows : [];
  switch (kind) {
    case 'none':
      return { kind };
    case 'json':
      return { kind, text: text === '' ? '{\n  \n}' : text };
    case 'form':
    case 'multipart':
      return { kind, rows };
    case 'raw':
      return { kind, text, contentType: 'text/plain' };
  }
}

export function BodyEditor({
  body,
  onChange,
}: {
  body: MethodBody;
  onChange: (body: MethodBody) => void;
}): ReactElement {
  return (
    <div className="body-editor">
      <div className="segmented" role="radiogroup" aria-label="Body type">
        {kinds.map((item) => (
          <label key={item.kind} className={body.kind === item.kind ? 'is-selected' : undefined}>
            <input
              type="radio"
              name="body-kind"
              checked={body.kind === item.kind}
              onChange={() => onChange(switchKind(body, item.kind))}
            />
            {item.label}
          </label>
        ))}
      </div>
      {(body.kind === 'json' || body.kind === 'raw') && (
        <>
          {body.kind === 'raw' && (
            <label className="inline-label">
              Content type
              <input
                value={body.contentType}
                onChange={(event) => onChange({ ...body, contentType: event.target.value })}
              />
            </label>
          )}
          <textarea
            aria-label="Body"
            className="mono code-area"
            rows={10}
            spellCheck={false}
            value={body.text}
            onChange={(event) => onChange({ ...body, text: event.target.value })}
          />
          {body.kind === 'json' && (
            <p className="hint">
              Inside quotes a variable is inserted as text (<code>{'"{{name}}"'}</code>); outside, as a JSON
              value (<code>{'{{count}}'}</code>).
            </p>
          )}
        </>
      )}
      {(body.kind === 'form' || body.kind === 'multipart') && (
        <KeyValueTable label="Field" rows={body.rows} onChange={(rows) => onChange({ ...body, rows })} />
      )}
    </div>
  );
}
