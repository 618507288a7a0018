/**
 * Whether a step record's request was not sent, and why (PRODUCT.md §8): a whole record says so
 * in its `response.rehearsal`, an event's summary carries the same marker beside its fields;
 * and which records hold a result that can be pinned.
 */
import { rehearsalOf, type StepRehearsal } from '../../../../shared/rehearsal/rehearsal';
import { pinFromRecord } from '../../../../shared/rehearsal/stepPins';
import type { Step } from '../../../../shared/runbook/stepTypes';
import type { ShownRecord } from './runEvents';

/** The record's rehearsal marker: from its summary, else from its response. */
export function recordRehearsal(record: {
  rehearsal?: StepRehearsal;
  response?: unknown;
}): StepRehearsal | undefined {
  return record.rehearsal ?? rehearsalOf(record.response);
}

/** The short words a record's marker shows: on the record's line and on the path canvas. */
export function rehearsalLabel(rehearsal: StepRehearsal): string {
  if (rehearsal.wouldHaveSent) return 'not sent (dry run)';
  if (rehearsal.source === 'pin') return 'pinned';
  return 'not sent';
}

/** Where the answer of a step not sent came from, as its heading says it. */
export function answerHeading(rehearsal: StepRehearsal): string {
  if (rehearsal.source === 'pin') return 'Answered with its pinned result';
  if (rehearsal.source === 'example' && rehearsal.hasNoExample === true)
    return 'Answered 200 with an empty body: the method has no example response (set one in its Settings)';
  if (rehearsal.source === 'example') return 'Answered with the method’s example response';
  return 'Answered with the recorded response';
}

/**
 * A result to pin: a finished record that gives its step (as the draft has it) a pin — an Execute
 * method step that got an HTTP status, a Condition that went one way, the record a For each loop
 * ended with… (each type's `pin.fromRecord`; the backend asks the same). A Start has none.
 */
export function canPinRecord(record: ShownRecord, step: Step | undefined): boolean {
  if (step === undefined || (record.status !== 'succeeded' && record.status !== 'failed')) return false;
  const { status, outputs, response = null } = record;
  return typeof pinFromRecord(step, { status, outputs, response, runMessage: null }) !== 'string';
}
