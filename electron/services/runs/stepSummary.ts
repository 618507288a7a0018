/**
 * What a step's event carries of its record: the fields a list of steps shows and the short
 * outputs, never request or response bodies — a run of 10,000 steps sends 20,000 events, and a
 * window that wants the whole record asks for it (runs.step). Made without serialising anything:
 * this runs for every step.
 */
import type { z } from 'zod';
import type { stepSummarySchema } from '../../../shared/domain/runbook';
import { rehearsalOf } from '../../../shared/rehearsal/rehearsal';
import type { FinishedStep, StartedStep } from '../engine/runHooks';

export type StepSummary = z.infer<typeof stepSummarySchema>;

/** An event carries at most this many outputs of a step, */
export const maxSummaryOutputs = 20;
/** each text cut to this many characters. Objects and arrays stay in the record only. */
export const maxSummaryTextChars = 200;
/** An error message (an End step's may be any text) is cut to this many characters. */
export const maxSummaryErrorChars = 2_000;

/**
 * Sets one short output. `__proto__` is a valid output name (a Set variables step's variable):
 * assigned, it would set the object's prototype and the output would be lost, so it is defined.
 */
function keep(short: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__')
    Object.defineProperty(short, name, { value, enumerable: true, writable: true, configurable: true });
  else short[name] = value;
}

/** The short outputs, and whether they are all there is. */
function shortOutputs(outputs: Record<string, unknown>): {
  outputs: Record<string, unknown>;
  isAll: boolean;
} {
  let isAll = true;
  let count = 0;
  const short: Record<string, unknown> = {};
  for (const name in outputs) {
    if (!Object.hasOwn(outputs, name)) continue;
    if (count === maxSummaryOutputs) return { outputs: short, isAll: false };
    count += 1;
    const value = outputs[name];
    if (typeof value === 'string') {
      if (value.length <= maxSummaryTextChars) keep(short, name, value);
      else {
        keep(short, name, `${value.slice(0, maxSummaryTextChars)}…`);
        isAll = false;
      }
    } else if (typeof value !== 'object' || value === null) keep(short, name, value);
    else isAll = false;
  }
  return { outputs: short, isAll };
}

/** A step that has just started: running, nothing to show yet. */
export function startedStepSummary(step: StartedStep): StepSummary {
  return {
    seq: step.seq,
    stepId: step.stepId,
    stepType: step.stepType,
    status: 'running',
    outputs: {},
    error: null,
    startedAt: step.startedAt,
    finishedAt: null,
    durationMs: null,
    mayHaveBeenSent: false,
    isComplete: true,
  };
}

/** A finished step, with its short outputs (already masked, as the record is). */
export function finishedStepSummary(step: FinishedStep): StepSummary {
  const { outputs, isAll } = shortOutputs(step.outputs);
  const error = step.error;
  const isErrorCut = error !== null && error.length > maxSummaryErrorChars;
  const rehearsal = rehearsalOf(step.response);
  return {
    seq: step.seq,
    stepId: step.stepId,
    stepType: step.stepType,
    status: step.status,
    outputs,
    error: isErrorCut ? `${error.slice(0, maxSummaryErrorChars)}…` : error,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    durationMs: step.durationMs,
    mayHaveBeenSent: false,
    // One that keeps its "may have been sent" mark is read whole, mark included.
    isComplete:
      isAll &&
      !isErrorCut &&
      step.request === null &&
      step.response === null &&
      step.isArrivalUnknown !== true,
    ...(rehearsal === undefined ? {} : { rehearsal }),
  };
}
