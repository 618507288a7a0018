/**
 * Tells the windows that a run was ended outside its engine (marked interrupted: its process gone,
 * or in queue mode its worker), as the recorder tells a run's end: each step the interruption
 * failed (runs.stepChanged), then the run as it now is (runs.changed), so an open window shows
 * them failed without a reload and a run group waiting on the run goes on.
 */
import type { RunRepository } from '../db/repositories/runRepository';
import type { EventBus } from '../events/eventBus';

/** Tells the run as it now is and the steps failed at its end; nothing while it is still going. */
export function tellRunEnded(
  runs: Pick<RunRepository, 'get'>,
  events: Pick<EventBus, 'emit'>,
  runId: string,
): void {
  const run = runs.get(runId);
  if (run === undefined || run.status === 'queued' || run.status === 'running') return;
  const { steps, ...summary } = run;
  for (const record of steps) {
    if (record.finishedAt !== summary.finishedAt || record.status !== 'failed') continue;
    const { request: _request, response: _response, ...rest } = record;
    events.emit({
      name: 'runs.stepChanged',
      payload: { runId, runbookId: run.runbookId, step: { ...rest, isComplete: false } },
    });
  }
  events.emit({ name: 'runs.changed', payload: { run: summary } });
}
