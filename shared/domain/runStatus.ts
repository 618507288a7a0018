/**
 * The statuses a run and a step record go through — one list each, used by the contract's
 * schemas, the run repository and the window (a new status is added here and nowhere else;
 * the database's CHECK constraints, in the migrations, name them too and change by migration).
 */

/**
 * A run: queued until the engine takes it, then running — "waiting" while a Wait for approval
 * step waits for a decision (the database keeps such a run as running; a pending approval says
 * it waits) — then one of the three ends.
 */
export const runStatuses = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** The statuses of a run that has not ended yet. */
export type GoingRunStatus = 'queued' | 'running' | 'waiting';

/** Whether a run in this status has not ended yet (queued, running or waiting). */
export function isRunGoing(status: RunStatus): status is GoingRunStatus {
  return status === 'queued' || status === 'running' || status === 'waiting';
}

/** A step record: "skipped" is a step whose earlier outputs a re-run reused. */
export const stepStatuses = ['running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type StepStatus = (typeof stepStatuses)[number];
