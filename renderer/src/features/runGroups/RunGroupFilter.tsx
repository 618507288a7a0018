/**
 * The runs list's filter by run group (run across clients), shown once there is a group: the
 * groups newest first, 50 at a time (the list's last choice reads the 50 before them), and "Find
 * run group", which narrows them to the runbooks whose name holds what is typed. The backend
 * searches every group, not only those read: the latest 50 alone left older groups out of reach.
 * The group chosen stays a choice while the search looks elsewhere.
 */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { RunGroupSummary } from '../../../../shared/domain/runGroup';
import { api } from '../../api/client';
import { callKey, invalidateCallsSoon } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import { Icon } from '../../app/icons';
import { useDebouncedValue } from '../../app/useDebouncedValue';
import './runGroups.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
/** Groups read at a time. */
const pageSize = 50;
/** The choice that reads the next page (no group id holds a space). */
const olderChoice = 'older groups';

type GroupCursor = Pick<RunGroupSummary, 'createdAt' | 'id'>;

/** The groups of runbooks named like `search`, a page at a time, kept fresh by runGroups events. */
function useGroupPages(search: string) {
  const input = { search, limit: pageSize };
  return useInfiniteQuery({
    queryKey: callKey('runGroups.list', input),
    queryFn: ({ pageParam }) =>
      api.call('runGroups.list', pageParam === undefined ? input : { ...input, after: pageParam }),
    initialPageParam: undefined as GroupCursor | undefined,
    getNextPageParam: (lastPage): GroupCursor | undefined => {
      const last = lastPage.at(-1);
      return lastPage.length < pageSize || last === undefined
        ? undefined
        : { createdAt: last.createdAt, id: last.id };
    },
    staleTime: Infinity,
    // A new search shows the groups found before until its own are read.
    placeholderData: keepPreviousData,
  });
}

/**
 * Reads the list again when a group it does not hold changes (a group just started), once per
 * group: what a label shows (runbook, clients, start) does not change while a group runs, and a
 * running group publishes up to ten changes a second — read again for each, a page of 50 groups
 * of 1,000 clients kept the backend busy without a pause while one ran.
 */
function useNewGroupsListed(listed: readonly RunGroupSummary[]): void {
  const held = useRef(new Set<string>());
  useEffect(() => {
    held.current = new Set(listed.map((group) => group.id));
  }, [listed]);
  const askedFor = useRef(new Set<string>());
  useEffect(
    () =>
      api.onEvent((message) => {
        if (message.name !== 'runGroups.changed') return;
        const { id } = message.payload.group;
        if (held.current.has(id) || askedFor.current.has(id)) return;
        askedFor.current.add(id);
        void invalidateCallsSoon(['runGroups.list']);
      }),
    [],
  );
}

const labelOf = (group: RunGroupSummary) =>
  `${group.runbookName} across ${String(group.counts.total)} clients · ${timeFormat.format(new Date(group.createdAt))}`;

export function RunGroupFilter({
  groupId,
  onChange,
}: {
  groupId: string;
  onChange: (groupId: string) => void;
}): ReactElement | null {
  const [search, setSearch] = useState('');
  const searched = useDebouncedValue(search.trim(), 250);
  const [chosen, setChosen] = useState<RunGroupSummary | undefined>();
  const listed = useGroupPages(searched);
  const groups = listed.data?.pages.flat() ?? [];
  useNewGroupsListed(groups);
  if (groups.length === 0 && groupId === '' && search === '' && searched === '') return null;
  const isChosenListed = groups.some((group) => group.id === groupId);
  const choose = (value: string) => {
    if (value === olderChoice) {
      void listed.fetchNextPage();
      return;
    }
    setChosen(groups.find((group) => group.id === value));
    onChange(value);
  };
  return (
    <>
      <label className="search-field run-group-search">
        <span className="visually-hidden">Find run group</span>
        <Icon name="search" />
        <input
          type="search"
          placeholder="Find run group by runbook"
          maxLength={200}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </label>
      <label className="select-field">
        <span className="visually-hidden">Filter by run group</span>
        <select value={groupId} onChange={(event) => choose(event.target.value)}>
          <option value="">Any run group</option>
          {!isChosenListed && chosen?.id === groupId && <option value={chosen.id}>{labelOf(chosen)}</option>}
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {labelOf(group)}
            </option>
          ))}
          {listed.error !== null && (
            <option disabled>Could not read the run groups: {messageOf(listed.error)}</option>
          )}
          {listed.isSuccess && groups.length === 0 && searched !== '' && (
            <option disabled>No run group of a runbook named like “{searched}”</option>
          )}
          {listed.hasNextPage && (
            <option value={olderChoice} disabled={listed.isFetchingNextPage}>
              {listed.isFetchingNextPage ? 'Reading older run groups…' : 'Show older run groups…'}
            </option>
          )}
        </select>
      </label>
    </>
  );
}
