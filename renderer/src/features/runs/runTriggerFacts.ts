/**
 * What a run's page says about what started it. Each trigger has its own facts: a webhook its
 * payload, a schedule the time it was due, a run by hand or from the command line only that; a
 * re-run carries the earlier run's trigger body ({{trigger.body}}), so it shows that one.
 */
import type { ShownRun } from './runEvents';

export type TriggerFacts =
  /** A body the run could read as {{trigger.body}}. */
  | { kind: 'payload'; title: string; payload: unknown }
  /** A schedule's firing: the time it was due (null when the run did not keep it). */
  | { kind: 'scheduled'; scheduledAt: string | null }
  /** Started by a person: nothing more to show than how. */
  | { kind: 'started'; text: string };

/** The time a schedule's firing was due, as the scheduler passes it (`{ scheduledAt }`). */
function scheduledAtOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const at = (body as Record<string, unknown>).scheduledAt;
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null;
}

/** The facts of the trigger that started `run`. */
export function triggerFactsOf(run: Pick<ShownRun, 'trigger' | 'triggerBody'>): TriggerFacts {
  const body = run.triggerBody ?? null;
  switch (run.trigger) {
    case 'webhook':
      return { kind: 'payload', title: 'Webhook payload', payload: body };
    case 'schedule':
      return { kind: 'scheduled', scheduledAt: scheduledAtOf(body) };
    case 'rerun':
      return body === null
        ? { kind: 'started', text: 'Started again from an earlier run.' }
        : { kind: 'payload', title: 'Trigger body of the earlier run', payload: body };
    case 'cli':
      return { kind: 'started', text: 'Started from the command line.' };
    case 'manual':
      return { kind: 'started', text: 'Started by hand.' };
  }
}
