/**
 * The runs read so far as a table, newest first, with the version each ran; its last row reads
 * the next page when it comes into view, and holds a "Load more" button for the keyboard.
 */
import { useCallback, useRef, type ReactElement } from 'react';
import { hrefOf } from '../../app/route';
import type { RunSummary } from './runEvents';
import { RunModeBadge } from './RunModeBadge';
import { versionLabelOf } from './runListPages';
import { useWhenNearView } from './useRunPages';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const columnCount = 6;

function duration(run: RunSummary): string {
  if (run.startedAt === null || run.finishedAt === null) return '—';
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return ms < 1000 ? `${String(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** How the table reads more: whether there is more, whether it is being read, and the reader. */
export interface MoreRuns {
  hasMore: boolean;
  isLoading: boolean;
  error: string | null;
  loadMore: () => void;
}

/** `runs` as rows; `names` gives each runbook's name by id. */
export function RunsTable({
  runs,
  names,
  more,
}: {
  runs: readonly RunSummary[];
  names: Readonly<Record<string, string>>;
  more: MoreRuns;
}): ReactElement {
  const end = useRef<HTMLTableRowElement>(null);
  const { loadMore } = more;
  const onNearEnd = useCallback(() => loadMore(), [loadMore]);
  useWhenNearView(end, onNearEnd, more.hasMore && !more.isLoading && more.error === null);
  return (
    <table className="table runs-table">
      <caption className="visually-hidden">Runs</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Runbook</th>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Trigger</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td className="nowrap">
              <a className="link-button" href={hrefOf({ area: 'runs', runId: run.id })}>
                {timeFormat.format(new Date(run.queuedAt))}
              </a>
            </td>
            <td className="cell-text">{names[run.runbookId] ?? run.runbookId}</td>
            <td className="nowrap">{versionLabelOf(run)}</td>
            <td>
              <span className={`run-badge run-${run.status}`}>{run.status}</span>
              {run.error !== null && <div className="field-error cell-text">{run.error}</div>}
            </td>
            <td>
              {run.trigger}
              {run.groupId !== null && (
                <>
                  {' · '}
                  <a className="cell-text" href={hrefOf({ area: 'runs', groupId: run.groupId })}>
                    {run.clientName === '' ? 'group' : run.clientName}
                  </a>
                </>
              )}
              <RunModeBadge mode={run.mode} />
            </td>
            <td className="nowrap">{duration(run)}</td>
          </tr>
        ))}
      </tbody>
      {(more.hasMore || more.error !== null) && (
        <tfoot>
          <tr ref={end} className="runs-more">
            <td colSpan={columnCount}>
              {more.error !== null && (
                <p className="inline-error" role="alert">
                  {more.error}
                </p>
              )}
              <button type="button" className="button" disabled={more.isLoading} onClick={loadMore}>
                {more.isLoading ? 'Loading more runs…' : 'Load more'}
              </button>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
