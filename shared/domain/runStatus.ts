/**
 * The statuses a run and a step record go through — one list each, used by the contract's
 * schemas, the run repository and the window (a new status is added here and nowhere else;
 * the database's CHECK constraints, in the migrations, name them too and change by migration).
 */

/** A run: queued until the engine takes it, then running, then one of the three ends. */
export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A step record: "skipped" is a step whose earlier outputs a re-run reused. */
export const stepStatuses = ['running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type StepStatus = (typeof stepStatuses)[number];
