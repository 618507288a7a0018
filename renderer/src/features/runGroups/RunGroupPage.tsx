/**
 * A run group (run across clients): a grid of its clients with each one's status, duration and
 * result (the End step's message, else why it failed), each row opening that client's run; it
 * updates as the runs go. "Cancel group", while it goes, cancels its runs going and keeps its
 * clients waiting from starting; "Re-run failed" runs the failed clients again as the group's
 * next attempt.
 */
import { useState, type ReactElement } from 'react';
import type { RunGroup, RunGroupMember } from '../../../../shared/domain/runGroup';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { Icon } from '../../app/icons';
import { hrefOf } from '../../app/route';
import { useRunGroup } from './useRunGroup';
import '../runs/runs.css';
import './runGroups.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const durationText = (member: RunGroupMember) =>
  member.durationMs === null
    ? '—'
    : member.durationMs < 1000
      ? `${String(member.durationMs)} ms`
      : `${(member.durationMs / 1000).toFixed(1)} s`;

const statusLabels: Partial<Record<RunGroupMember['status'], string>> = {
  notStarted: 'not started',
  pending: 'waiting for a place',
};

function MemberRow({ member }: { member: RunGroupMember }): ReactElement {
  const result = member.message ?? member.error ?? '';
  return (
    <tr>
      <th scope="row" className="cell-text">
        {member.runId === null ? (
          member.client
        ) : (
          <a className="link-button" href={hrefOf({ area: 'runs', runId: member.runId })}>
            {member.client}
          </a>
        )}
      </th>
      <td>
        <span className={`run-badge run-${member.status}`}>
          {statusLabels[member.status] ?? member.status}
        </span>
      </td>
      <td className="nowrap">{durationText(member)}</td>
      <td className="run-group-message">{result}</td>
      <td className="nowrap">{member.attempt}</td>
    </tr>
  );
}

/** Cancel group while it goes, Re-run failed once it has failed; a refusal shown by the page. */
function GroupActions({
  group,
  onError,
}: {
  group: RunGroup;
  onError: (message: string | null) => void;
}): ReactElement {
  const [isBusy, setIsBusy] = useState(false);
  const act = (name: 'runGroups.rerunFailed' | 'runGroups.cancel') => {
    onError(null);
    setIsBusy(true);
    api
      .call(name, { id: group.id })
      .catch((caught: unknown) => onError(messageOf(caught)))
      .finally(() => setIsBusy(false));
  };
  return (
    <div className="header-actions">
      {group.status === 'running' && (
        <button type="button" className="button" disabled={isBusy} onClick={() => act('runGroups.cancel')}>
          Cancel group
        </button>
      )}
      <button
        type="button"
        className="button button-primary"
        disabled={isBusy || group.status !== 'failed'}
        onClick={() => act('runGroups.rerunFailed')}
      >
        <Icon name="runs" /> Re-run failed
      </button>
      <a className="button" href={hrefOf({ area: 'runbooks', runbookId: group.runbookId })}>
        Open runbook
      </a>
    </div>
  );
}

export function RunGroupPage({ groupId }: { groupId: string }): ReactElement {
  const { group, error } = useRunGroup(groupId);
  const [actionError, setActionError] = useState<string | null>(null);
  if (error !== null || group === undefined) {
    return (
      <section className="page" aria-busy={error === null}>
        <a className="link-button back-link" href="#/runs">
          <Icon name="back" /> Runs
        </a>
        {error === null ? (
          <p className="muted">Loading the run group…</p>
        ) : (
          <p className="inline-error" role="alert">
            {messageOf(error)}
          </p>
        )}
      </section>
    );
  }
  const { counts } = group;
  return (
    <section className="page run-group-page">
      <a className="link-button back-link" href="#/runs">
        <Icon name="back" /> Runs
      </a>
      <header className="page-header">
        <div>
          <h1 tabIndex={-1}>
            {group.runbookName} across clients{' '}
            <span className={`run-badge run-${group.status}`}>{group.status}</span>
          </h1>
          <p className="muted">
            {group.trigger} · {timeFormat.format(new Date(group.createdAt))} · {group.concurrency} at once
            {group.attempts > 1 ? ` · attempt ${String(group.attempts)}` : ''}
          </p>
        </div>
        <GroupActions group={group} onError={setActionError} />
      </header>
      <p className="run-group-counts" role="status">
        <span>{`${String(counts.succeeded)} succeeded`}</span>
        <span>{`${String(counts.failed)} failed`}</span>
        <span>{`${String(counts.running)} running`}</span>
        <span>{`${String(counts.waiting)} waiting for approval`}</span>
        <span>{`${String(counts.pending)} waiting for a place`}</span>
      </p>
      {actionError !== null && (
        <p className="inline-error" role="alert">
          {actionError}
        </p>
      )}
      <table className="table run-group-grid">
        <caption className="visually-hidden">Clients of this run group</caption>
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Status</th>
            <th scope="col">Duration</th>
            <th scope="col">Result</th>
            <th scope="col">Attempt</th>
          </tr>
        </thead>
        <tbody>
          {group.members.map((member) => (
            <MemberRow key={member.client} member={member} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
