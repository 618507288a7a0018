/**
 * Every run, newest first, filtered by runbook, time, status and trigger, a page at a time (the
 * next one read as the list's end comes into view); a run opens with each step's record.
 */
import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { runStatuses } from '../../../../shared/domain/runStatus';
import { triggerKinds } from '../../../../shared/domain/triggerKind';
import { useCall } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import type { RunsListInput } from './runListPages';
import { RunsTable } from './RunsTable';
import { useRunPages } from './useRunPages';
import { RunGroupFilter } from '../runGroups/RunGroupFilter';

/** The list reads this many runs at a time, newest first. */
const pageSize = 100;
/** The filters' choices: '' for any, then the one list of each. */
const statuses = ['', ...runStatuses] as const;
const triggers = ['', ...triggerKinds] as const;
const periods = [
  { value: '', label: 'Any time', ms: 0 },
  { value: 'hour', label: 'Last hour', ms: 3_600_000 },
  { value: 'day', label: 'Last 24 hours', ms: 86_400_000 },
  { value: 'week', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'month', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
/** The runs.list input of the chosen filters. */
function listInput(
  status: (typeof statuses)[number],
  trigger: (typeof triggers)[number],
  runbookId: string,
  from: string | undefined,
  groupId = '',
): RunsListInput {
  return {
    limit: pageSize,
    ...(groupId === '' ? {} : { groupId }),
    ...(status === '' ? {} : { status }),
    ...(trigger === '' ? {} : { trigger }),
    ...(runbookId === '' ? {} : { runbookId }),
    ...(from === undefined ? {} : { from }),
  };
}

export function RunsPage(): ReactElement {
  const [status, setStatus] = useState<(typeof statuses)[number]>('');
  const [trigger, setTrigger] = useState<(typeof triggers)[number]>('');
  const [runbookId, setRunbookId] = useState('');
  // The period's start is fixed when it is chosen: the list is read (and cached) for that moment.
  const [period, setPeriod] = useState<{ value: (typeof periods)[number]['value']; from?: string }>({
    value: '',
  });
  const [groupId, setGroupId] = useState('');
  const input = listInput(status, trigger, runbookId, period.from, groupId);
  const listed = useRunPages(input);
  const runs = useMemo(() => listed.data?.pages.flat() ?? null, [listed.data]);
  // A page after the first that could not be read shows at the list's end, with the button to try again.
  const isMoreFailed = listed.isFetchNextPageError;
  const error = listed.error === null || isMoreFailed ? null : messageOf(listed.error);
  const { fetchNextPage } = listed;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const more = {
    hasMore: listed.hasNextPage,
    isLoading: listed.isFetchingNextPage,
    error: isMoreFailed && listed.error !== null ? messageOf(listed.error) : null,
    loadMore,
  };
  // Read again when a runbook is made or renamed (runbooks.changed).
  const runbooks = useCall('runbooks.list', { search: '', category: '' }).data;
  const names = useMemo(
    () => Object.fromEntries((runbooks?.items ?? []).map((item) => [item.id, item.name])),
    [runbooks],
  );

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="muted">
            Every run is kept: its inputs, trigger, and each step’s request, response and outputs.
          </p>
        </div>
      </header>
      <div className="toolbar">
        <RunGroupFilter groupId={groupId} onChange={setGroupId} />
        <label className="select-field">
          <span className="visually-hidden">Filter by runbook</span>
          <select value={runbookId} onChange={(event) => setRunbookId(event.target.value)}>
            <option value="">Every runbook</option>
            {Object.entries(names)
              .sort(([, a], [, b]) => a.localeCompare(b))
              .map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
          </select>
        </label>
        <label className="select-field">
          <span className="visually-hidden">Filter by time</span>
          <select
            value={period.value}
            onChange={(event) => {
              const chosen = periods.find((item) => item.value === event.target.value) ?? periods[0];
              setPeriod({
                value: chosen.value,
                ...(chosen.ms === 0 ? {} : { from: new Date(Date.now() - chosen.ms).toISOString() }),
              });
            }}
          >
            {periods.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
        <label className="select-field">
          <span className="visually-hidden">Filter by status</span>
          <select
            value={status}
            onChange={(event) => setStatus(event.target.value as (typeof statuses)[number])}
          >
            {statuses.map((value) => (
              <option key={value} value={value}>
                {value === '' ? 'Any status' : value}
              </option>
            ))}
          </select>
        </label>
        <label className="select-field">
          <span className="visually-hidden">Filter by trigger</span>
          <select
            value={trigger}
            onChange={(event) => setTrigger(event.target.value as (typeof triggers)[number])}
          >
            {triggers.map((value) => (
              <option key={value} value={value}>
                {value === '' ? 'Any trigger' : value}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {runs !== null && runs.length === 0 && (
        <div className="empty-state">
          <h2>No runs yet</h2>
          <p>Open a runbook and press Run; every run appears here.</p>
          <a className="button" href="#/runbooks">
            Go to Runbooks
          </a>
        </div>
      )}
      {runs !== null && runs.length > 0 && <RunsTable runs={runs} names={names} more={more} />}
    </section>
  );
}
