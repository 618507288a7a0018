/**
 * A replayed request that differs from its recording, shown as the version comparison shows a
 * file (DiffHunks): method and URL side by side, and the bodies' differing lines (JSON bodies
 * laid out one value a line first, so a changed field is one line).
 */
import type { ReactElement } from 'react';
import { diffLines, hunksOf } from '../../../../../shared/io/lineDiff';
import type { RequestMismatch } from '../../../../../shared/rehearsal/testCase';
import { DiffHunks } from '../DiffHunks';
import '../versions.css';

/** A body as lines to compare: JSON laid out, any other text as it is. */
function bodyLines(body: string | null | undefined): string {
  if (body == null || body === '') return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function BodyDiff({ recorded, now }: { recorded: string; now: string }): ReactElement | null {
  if (recorded === now) return null;
  return (
    <DiffHunks
      hunks={hunksOf(diffLines(recorded, now))}
      labelOf={(position) => `Body change ${String(position)}`}
      words={{ remove: 'recorded', add: 'now' }}
    />
  );
}

export function RequestMismatchView({
  mismatch,
  stepName,
}: {
  mismatch: RequestMismatch;
  stepName: string;
}): ReactElement {
  const { recorded, now } = mismatch;
  const where = mismatch.runbook === null ? '' : ` in “${mismatch.runbook}”`;
  const rows = [
    { field: 'Method', recorded: recorded?.method ?? '—', now: now?.method ?? '—' },
    { field: 'URL', recorded: recorded?.url ?? '—', now: now?.url ?? '—' },
  ];
  return (
    <div className="request-mismatch">
      <p>
        The request of “{stepName}”{where} differs from the recording:
      </p>
      <table className="diff-fields">
        <caption className="visually-hidden">Request of {stepName}, recorded and now</caption>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Recorded</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field}>
              <th scope="row">{row.field}</th>
              <td className={row.recorded === row.now ? 'mono' : 'mono diff-before'}>{row.recorded}</td>
              <td className={row.recorded === row.now ? 'mono' : 'mono diff-after'}>{row.now}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <BodyDiff recorded={bodyLines(recorded?.body)} now={bodyLines(now?.body)} />
    </div>
  );
}
