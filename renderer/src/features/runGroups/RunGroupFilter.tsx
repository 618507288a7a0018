/**
 * The runs list's filter by run group (run across clients): the latest groups by runbook and
 * time, shown only once there is one.
 */
import type { ReactElement } from 'react';
import { useCall } from '../../api/resources';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function RunGroupFilter({
  groupId,
  onChange,
}: {
  groupId: string;
  onChange: (groupId: string) => void;
}): ReactElement | null {
  const groups = useCall('runGroups.list', { limit: 50 }).data ?? [];
  if (groups.length === 0 && groupId === '') return null;
  return (
    <label className="select-field">
      <span className="visually-hidden">Filter by run group</span>
      <select value={groupId} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any run group</option>
        {groups.map((group) => (
          <option key={group.id} value={group.id}>
            {`${group.runbookName} across ${String(group.counts.total)} clients · ${timeFormat.format(new Date(group.createdAt))}`}
          </option>
        ))}
      </select>
    </label>
  );
}
