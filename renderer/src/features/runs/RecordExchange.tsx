/**
 * What a step record keeps of its HTTP exchange, shown as the Test panel shows it: the request
 * line, headers and body, the response's status, headers and body (JSON as a tree). A record
 * whose request or response has another shape (a step type of its own) shows as JSON.
 */
import type { ReactElement } from 'react';
import { receivedResponseSchema, sentRequestSchema } from '../../../../shared/domain/requestResult';
import { formatByteSize } from '../methods/byteSize';
import { HeaderTable } from '../methods/HeaderTable';
import { MessageBody } from './MessageBody';

/** Headers fold away: the body is what people come for. */
function HeaderList({ headers }: { headers: Record<string, string> }): ReactElement | null {
  const count = Object.keys(headers).length;
  if (count === 0) return null;
  return (
    <details className="record-headers">
      <summary>Headers ({count})</summary>
      <HeaderTable headers={headers} />
    </details>
  );
}

/** The request as sent (secrets masked). */
export function RecordRequest({ request }: { request: unknown }): ReactElement {
  const parsed = sentRequestSchema.safeParse(request);
  if (!parsed.success) return <pre className="mono pre">{JSON.stringify(request, null, 2)}</pre>;
  const { method, url, headers, body } = parsed.data;
  return (
    <div className="record-exchange">
      <p className="mono break">
        <strong>{method}</strong> {url}
      </p>
      <HeaderList headers={headers} />
      {body !== null && body !== '' && <MessageBody text={body} label="Request body" />}
    </div>
  );
}

/** The response as received. */
export function RecordResponse({ response }: { response: unknown }): ReactElement {
  const parsed = receivedResponseSchema.safeParse(response);
  if (!parsed.success) return <pre className="mono pre">{JSON.stringify(response, null, 2)}</pre>;
  const { status, statusText, headers, contentType, body, isBodyTruncated, size } = parsed.data;
  return (
    <div className="record-exchange">
      <p className="record-status">
        <span className={`status status-${String(Math.floor(status / 100))}`}>
          {status} {statusText}
        </span>
        {contentType !== '' && <span className="muted mono">{contentType}</span>}
        <span className="muted">{formatByteSize(size)}</span>
      </p>
      <HeaderList headers={headers} />
      {body !== '' && <MessageBody text={body} label="Response body" />}
      {isBodyTruncated && <p className="hint">Showing the first 1 MB.</p>}
    </div>
  );
}
