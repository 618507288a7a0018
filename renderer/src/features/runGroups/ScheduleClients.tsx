/**
 * Run across clients on a schedule (the Start step's schedule): each firing is one run, a run of
 * every client, or of the clients named (separated by commas), this many at once.
 */
import type { ReactElement } from 'react';
import { defaultGroupConcurrency } from '../../../../shared/domain/runGroup';
import type { ScheduleTrigger } from '../../../../shared/runbook/steps/start';
import { ConcurrencyField } from './ConcurrencyField';

type Target = 'one' | 'all' | 'list';

const targetOf = (schedule: ScheduleTrigger): Target =>
  schedule.clients === undefined ? 'one' : schedule.clients === 'all' ? 'all' : 'list';

/** The schedule aimed at `target`, keeping the names typed so far where it can. */
function retarget(schedule: ScheduleTrigger, target: Target): ScheduleTrigger {
  const { clients: _clients, clientConcurrency: _concurrency, ...single } = schedule;
  if (target === 'one') return single;
  const clientConcurrency = schedule.clientConcurrency ?? defaultGroupConcurrency;
  const names = Array.isArray(schedule.clients) ? schedule.clients : [];
  return { ...single, clients: target === 'all' ? 'all' : names, clientConcurrency };
}

export function ScheduleClients({
  schedule,
  onChange,
}: {
  schedule: ScheduleTrigger;
  onChange: (next: ScheduleTrigger) => void;
}): ReactElement {
  const target = targetOf(schedule);
  return (
    <>
      <label className="inline-label">
        Run for
        <select
          value={target}
          onChange={(event) => onChange(retarget(schedule, event.target.value as Target))}
        >
          <option value="one">One run (no client)</option>
          <option value="all">Every client</option>
          <option value="list">These clients</option>
        </select>
      </label>
      {Array.isArray(schedule.clients) && (
        <label className="inline-label">
          Clients
          <input
            value={schedule.clients.join(', ')}
            placeholder="Acme, Globex"
            onChange={(event) =>
              onChange({
                ...schedule,
                clients: event.target.value.split(',').map((name) => name.trimStart()),
              })
            }
          />
        </label>
      )}
      {target !== 'one' && (
        <ConcurrencyField
          className="inline-label"
          value={schedule.clientConcurrency ?? defaultGroupConcurrency}
          onChange={(clientConcurrency) => onChange({ ...schedule, clientConcurrency })}
        />
      )}
    </>
  );
}
