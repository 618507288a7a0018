/**
 * The runbook's trigger log in the Start step: the latest webhook deliveries and schedule
 * firings (started, refused, missed), newest first, each linking to the run it started. The
 * backend pushes each new entry (`triggers.logged`), so the list stays current while open.
 */
import type { ReactElement } from 'react';
import type { TriggerStatus } from '../../../../../shared/domain/runbook';

/** The log as a collapsed list; nothing until a trigger has been logged. */
export function TriggerLog({ status }: { status: TriggerStatus | null }): ReactElement | null {
  if (status === null || status.events.length === 0) return null;
  return (
    <details className="trigger-log">
      <summary>Latest trigger events ({status.events.length})</summary>
      <ul>
        {status.events.map((event) => (
          <li key={event.id} className={event.outcome === 'started' ? undefined : 'warn-text'}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time> · {event.kind}
            {event.status === null ? '' : ` · ${String(event.status)}`} ·{' '}
            {event.runId === null ? (
              event.message
            ) : (
              <a href={`#/runs/${event.runId}`}>{event.message} Open run</a>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
