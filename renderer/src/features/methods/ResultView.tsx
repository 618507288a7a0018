/** One Test result: summary line, then Body / Headers / Outputs / Request tabs. */
import { useMemo, useState, type ReactElement } from 'react';
import type { OutputVariable } from '../../../../shared/domain/method';
import type { RequestResult } from '../../../../shared/domain/requestResult';
import { useNoticeStore } from '../../app/noticeStore';
import { curlCommand } from './curlCommand';
import { haloExpressionFor, type PathStep } from './haloExpressionFor';
import { formatByteSize } from './byteSize';
import { HeaderTable } from './HeaderTable';
import { JsonValueTree } from './JsonValueTree';
import { readJsonBody } from './jsonBody';
import { moveBetweenTabs } from '../../app/tablistKeys';

const resultTabs = ['body', 'headers', 'outputs', 'request'] as const;

type ResultTab = 'body' | 'headers' | 'outputs' | 'request';

export function ResultView({
  result,
  onAddOutput,
}: {
  result: RequestResult;
  onAddOutput: (output: OutputVariable) => void;
}): ReactElement {
  const [tab, setTab] = useState<ResultTab>(result.outputs.length > 0 ? 'outputs' : 'body');
  const [picked, setPicked] = useState<{ expression: string; name: string } | null>(null);
  const body = result.response?.body;
  const parsed = useMemo(() => readJsonBody(body), [body]);
  const response = result.response;
  const status = response?.status ?? 0;

  const pick = (path: PathStep[], value: unknown) => {
    const last = [...path].reverse().find((step): step is string => typeof step === 'string') ?? 'value';
    setPicked({ expression: haloExpressionFor(path, value), name: last.replace(/[^A-Za-z0-9_]/g, '_') });
  };

  return (
    <div className="result">
      <div className="result-summary" role="status">
        {response !== null ? (
          <span className={`status status-${String(Math.floor(status / 100))}`}>
            {status} {response.statusText}
          </span>
        ) : (
          <span className="status status-5">Failed</span>
        )}
        <span>{Math.round(result.durationMs)} ms</span>
        {response !== null && <span>{formatByteSize(response.size)}</span>}
        {result.attempts > 1 && <span>{result.attempts} attempts</span>}
        {result.request !== null && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              if (result.request !== null) {
                void navigator.clipboard.writeText(curlCommand(result.request));
                useNoticeStore.getState().show('success', 'Copied as cURL (secrets masked)');
              }
            }}
          >
            Copy as cURL
          </button>
        )}
      </div>
      {result.error !== null && (
        <p className="inline-error" role="alert">
          {result.error.message}
        </p>
      )}
      <div className="segmented" role="tablist" aria-label="Result">
        {resultTabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            className={tab === name ? 'is-selected' : undefined}
            onClick={() => setTab(name)}
            onKeyDown={(event) => moveBetweenTabs(event, resultTabs, tab, setTab)}
          >
            {name === 'body'
              ? 'Body'
              : name === 'headers'
                ? 'Headers'
                : name === 'outputs'
                  ? `Outputs (${String(result.outputs.length)})`
                  : 'Request'}
          </button>
        ))}
      </div>
      <div className="result-body" role="tabpanel">
        {tab === 'body' &&
          response !== null &&
          (parsed.isJson ? (
            <>
              <p className="hint">Click a value to add it as an output variable.</p>
              <JsonValueTree value={parsed.value} onPick={pick} />
            </>
          ) : (
            <pre className="mono pre">{response.body}</pre>
          ))}
        {tab === 'body' && response?.isBodyTruncated === true && (
          <p className="hint">Showing the first 1 MB.</p>
        )}
        {tab === 'headers' && response !== null && <HeaderTable headers={response.headers} />}
        {tab === 'outputs' &&
          (result.outputs.length === 0 ? (
            <p className="muted">No output variables yet.</p>
          ) : (
            <table className="table compact">
              <tbody>
                {result.outputs.map((output) => (
                  <tr key={output.name}>
                    <th scope="row" className="mono">
                      {output.name}
                    </th>
                    <td className="mono muted">{output.expression}</td>
                    <td className="mono break" data-output={output.name}>
                      {output.error ??
                        (typeof output.value === 'string' ? output.value : JSON.stringify(output.value))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        {tab === 'request' && result.request !== null && (
          <div>
            <p className="mono break">
              <strong>{result.request.method}</strong> {result.request.url}
            </p>
            <HeaderTable headers={result.request.headers} />
            {result.request.body !== null && <pre className="mono pre">{result.request.body}</pre>}
          </div>
        )}
      </div>
      {picked !== null && (
        <form
          className="pick-output"
          onSubmit={(event) => {
            event.preventDefault();
            onAddOutput({ name: picked.name, expression: picked.expression });
            setPicked(null);
          }}
        >
          <span>
            Add <code>{picked.expression}</code> as
          </span>
          <input
            aria-label="Output variable name"
            value={picked.name}
            autoFocus
            onChange={(event) => setPicked({ ...picked, name: event.target.value })}
          />
          <button type="submit" className="button button-primary button-small">
            Add output variable
          </button>
          <button type="button" className="button button-small" onClick={() => setPicked(null)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
