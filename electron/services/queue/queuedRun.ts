/** What the main makes of a run it queues — its queued record and its job — as pure functions, so each field is tested alone. */
import type { StartRunInput } from '../engine/engine';
import { recordMaskFor } from '../engine/recordMask';
import type { QueuedRun } from '../engine/runHooks';
import type { RunJob } from './queueMessages';
import type { RunSnapshot } from './runSnapshot';

/** The run's queued record, its inputs and trigger body masked as a local run's would be. */
export function queuedRecordOf(input: StartRunInput, runId: string, queuedAt: string): QueuedRun {
  const mask = recordMaskFor(input.maskedValues);
  return {
    runId,
    runbookId: input.runbookId,
    versionId: input.versionId,
    trigger: input.trigger,
    clientName: input.client ?? '',
    inputs: mask(input.inputs),
    queuedAt,
    triggerBody: mask(input.triggerBody ?? null),
    rerunOf: input.rerunOf ?? null,
    resumedFromStep: input.resume?.fromStepId ?? null,
    mode: 'live',
    groupId: input.groupId ?? null,
    parent: input.ancestors?.at(-1) ?? null,
    isIdGiven: input.runId !== undefined,
  };
}

/** The job a worker runs: the input without what only this machine has (pins, a pause gate, an approval's state). */
export function runJobOf(input: StartRunInput, runId: string, snapshot: RunSnapshot): RunJob {
  const { rehearsal: _rehearsal, pauseGate: _gate, continued: _continued, ...rest } = input;
  return { input: { ...rest, runId }, snapshot };
}

/** Whether a job in this BullMQ state is still on the queue, taken by a worker or not. */
export const isJobOnQueue = (state: string) =>
  state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized';

/** Whether a job in this state waits for a worker, so cancelling it is taking it off the queue. */
export const isJobNotTaken = (state: string) =>
  state === 'waiting' || state === 'delayed' || state === 'prioritized';
