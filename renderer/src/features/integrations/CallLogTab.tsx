/** Every call through the integration: counts for today, 7 days and in all, and the latest calls. */
import { useEffect, useState, type ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';

type CallLog = CallOutput<'integrations.callLog'>;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function CallLogTab({ id }: { id: string }): ReactElement {
  const [log, setLog] = useState<CallLog | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .call('integrations.callLog', { id, limit: 100 })
      .then(setLog, (caught: unknown) => setError(messageOf(caught)));
  }, [id]);
  if (error !== null) {
    return (
      <p className="inline-error" role="alert">
        {error}
      </p>
    );
  }
  if (log === null) return <p className="muted">Loading…</p>;
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
            </tr>
          </thead>
          <tbody>
            {log.calls.map((call) => (
              <tr key={call.id}>
                <td className="nowrap">{timeFormat.format(new Date(call.at))}</td>
                <td className="url-cell">
                  <span className="method-badge">{call.httpMethod}</span> {call.url}
                  {call.error !== null && <div className="field-error">{call.error}</div>}
                </td>
                <td>
                  <span className={`status status-${String(Math.floor((call.status ?? 0) / 100))}`}>
                    {call.status ?? 'failed'}
                  </span>
                </td>
                <td className="nowrap">{Math.round(call.durationMs)} ms</td>
                <td>{call.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
