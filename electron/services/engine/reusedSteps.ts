/** Which earlier records a resumed run carries on: re-run from a step and a run taken up after an approval share it. */
import type { ReusedStep } from './engineTypes';

/** What this rule reads of a step's record (the engine imports no repository). */
export interface RecordOfStep {
  stepId: string;
  stepType: string;
  status: string;
  outputs: Record<string, unknown>;
  request: unknown;
  response: unknown;
}

/**
 * The last finished record of each step, in the order those last records ran: a step that ran
 * more than once (a loop) is carried on as it last ended. Records still running or cancelled are
 * no outcome to carry; a reused ("skipped") record carries its outputs on again.
 */
export function latestReusedSteps(records: Iterable<RecordOfStep>): ReusedStep[] {
  const latest = new Map<string, ReusedStep>();
  for (const record of records) {
    if (record.status === 'running' || record.status === 'cancelled') continue;
    latest.delete(record.stepId);
    latest.set(record.stepId, {
      stepId: record.stepId,
      stepType: record.stepType,
      status: record.status === 'failed' ? 'failed' : 'succeeded',
      outputs: record.outputs,
      request: record.request,
      response: record.response,
    });
  }
  return [...latest.values()];
}
