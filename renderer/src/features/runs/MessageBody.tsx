/**
 * A request's or response's body on a run's page: JSON as the same tree as the Test panel, any
 * other body as the text it is, so a JSON answer never shows as one escaped string.
 */
import { useMemo, type ReactElement } from 'react';
import { JsonValueTree } from '../methods/JsonValueTree';
import { readJsonBody } from '../methods/jsonBody';

/** The body's text as a tree (JSON) or as text; `label` names it for screen readers. */
export function MessageBody({ text, label }: { text: string; label: string }): ReactElement {
  const read = useMemo(() => readJsonBody(text), [text]);
  return (
    <div className="message-body" role="group" aria-label={label}>
      {read.isJson ? <JsonValueTree value={read.value} /> : <pre className="mono pre">{text}</pre>}
    </div>
  );
}
