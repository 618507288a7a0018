/**
 * Every call through the integration: counts for today, 7 days and in all, and the latest calls,
 * each with how long it waited for the integration's rate limit when it did.
 */
import type { ReactElement } from 'react';
import { useCall } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import { hrefOf } from '../../app/route';
import { UrlText } from '../../app/UrlText';
import { rateLimitWaitText } from './rateLimitWaitText';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function CallLogTab({ id }: { id: string }): ReactElement {
  // No event announces a call, so the tab reads the log again each time it is shown.
  const { data: log, error } = useCall('integrations.callLog', { id, limit: 100 });
  if (error !== null) {
    return (
      <p className="inline-error" role="alert">
        {messageOf(error)}
      </p>
    );
  }
  if (log === undefined) return <p className="muted">Loading…</p>;
  return (
    <div>
      <div className="stats">
        {(
          [
            ['Today', log.counts.today],
            ['Last 7 days', log.counts.lastSevenDays],
            ['In all', log.counts.total],
          ] as const
        ).map(([label, count]) => (
          <div key={label} className="stat">
            <span className="stat-value">{count}</span>
            <span className="muted">{label}</span>
          </div>
        ))}
      </div>
      {log.calls.length === 0 ? (
        <p className="muted">No calls yet. Test a method, or run a runbook that uses this integration.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Latest calls</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
              <th scope="col">Attempts</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {log.calls.map((call) => (
              <tr key={call.id}>
                <td className="nowrap">{timeFormat.format(new Date(call.at))}</td>
                <td className="url-cell">
                  <span className="method-badge">{call.httpMethod}</span> <UrlText url={call.url} />
                  {call.error !== null && <div className="field-error">{call.error}</div>}
                </td>
                <td>
                  <span className={`status status-${String(Math.floor((call.status ?? 0) / 100))}`}>
                    {call.status ?? 'failed'}
                  </span>
                </td>
                <td className="nowrap">
                  {Math.round(call.durationMs)} ms
                  {call.rateLimitWaitMs > 0 && (
                    <div className="muted">{rateLimitWaitText(call.rateLimitWaitMs)}</div>
                  )}
                </td>
                <td>{call.attempts}</td>
                <td className="nowrap">
                  {call.runId === null ? (
                    <span className="muted">Test</span>
                  ) : call.isRunKept ? (
                    <a href={hrefOf({ area: 'runs', runId: call.runId })}>Its run</a>
                  ) : (
                    <span className="muted">A deleted run</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
