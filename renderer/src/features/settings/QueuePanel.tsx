/**
 * Settings › Runs: where runs run. In queue mode, the queue's depth and the workers taking its
 * runs, read again every few seconds while the panel is shown (workers send no events: their
 * registry in Redis is what the server reads).
 */
import { useEffect, type ReactElement } from 'react';
import type { QueueStatusInfo } from '../../../../shared/api/queueCalls';
import { invalidateCalls, useCall } from '../../api/resources';
import { Icon } from '../../app/icons';

const refreshMs = 5_000;

function QueueCounts({ status }: { status: Extract<QueueStatusInfo, { mode: 'queue' }> }): ReactElement {
  return (
    <dl className="details">
      <dt>Queue</dt>
      <dd>
        <code>{status.address}</code>
      </dd>
      <dt>Waiting</dt>
      <dd>{status.waiting}</dd>
      <dt>Running</dt>
      <dd>{status.active}</dd>
      <dt>Failed jobs</dt>
      <dd>{status.failed}</dd>
    </dl>
  );
}

export function QueuePanel(): ReactElement {
  const status = useCall('queue.status', {}).data;
  useEffect(() => {
    const timer = setInterval(() => void invalidateCalls(['queue.status']), refreshMs);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="panel" aria-labelledby="queue-heading">
      <h2 id="queue-heading">
        <Icon name="runs" /> Runs
      </h2>
      {status === undefined ? (
        <p className="muted">Reading where runs run…</p>
      ) : status.mode === 'single' ? (
        <p className="muted">
          Runs run in this process. A team server can spread them over worker machines: start it with{' '}
          <code>serve --queue redis://…</code> and start workers with <code>worker --queue redis://…</code>.
        </p>
      ) : (
        <>
          <p className="muted">
            Queue mode: this server records every run; workers take webhook and schedule runs from the queue.
          </p>
          {status.problem === null ? null : (
            <p className="inline-error" role="alert">
              {status.problem}
            </p>
          )}
          <QueueCounts status={status} />
          {status.workers.length === 0 ? (
            <p className="callout callout-warning" role="status">
              No worker is connected: runs wait on the queue until one starts.
            </p>
          ) : (
            <table className="table compact queue-workers">
              <caption className="visually-hidden">Workers</caption>
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Host</th>
                  <th scope="col">Runs at once</th>
                  <th scope="col">Running</th>
                  <th scope="col">Done</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {status.workers.map((worker) => (
                  <tr key={worker.id}>
                    <td>
                      <code>{worker.id}</code>
                    </td>
                    <td>{worker.host}</td>
                    <td>{worker.concurrency}</td>
                    <td>{worker.running}</td>
                    <td>{worker.done}</td>
                    <td>
                      <time dateTime={worker.lastSeen}>{new Date(worker.lastSeen).toLocaleTimeString()}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
