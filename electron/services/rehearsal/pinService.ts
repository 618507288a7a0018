/**
 * Pinned outputs (PRODUCT.md §8): a step's result kept with the runbook's draft — from a Test,
 * from a run's step record, or edited as JSON — which runs started from the designer use instead
 * of running the step: sending its request, running its child, checking its rules, waiting, asking
 * for an approval (each type's `pin` in shared/runbook/steps says what its pin holds). A pin keeps
 * what was recorded, so masked values stay masked.
 */
import { AppError } from '../../../shared/api/appError';
import type { RequestResult } from '../../../shared/domain/requestResult';
import { pinValueSchema, type Pin, type PinValue } from '../../../shared/rehearsal/rehearsal';
import { isPinnableType, pinFromRecord, pinProblemOf } from '../../../shared/rehearsal/stepPins';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { Step } from '../../../shared/runbook/stepTypes';
import type { PinRepository } from '../db/repositories/pinRepository';
import type { RunRepository } from '../db/repositories/runRepository';

export interface PinService {
  /** The pins of the draft's steps (pins of steps since removed are left out). */
  list(runbookId: string): Pin[];
  fromTest(runbookId: string, stepId: string, result: RequestResult): Pin;
  /** Pins a step of a run from its record: the run's runbook, that record's step. */
  fromRun(runId: string, seq: number): Pin;
  /** Sets the pin as edited. */
  set(runbookId: string, stepId: string, value: PinValue): Pin;
  /** Unpins; false when the step had no pin. */
  delete(runbookId: string, stepId: string): boolean;
}

export interface PinServiceDependencies {
  pins: PinRepository;
  runs: Pick<RunRepository, 'get' | 'step'>;
  /** The runbook's draft; throws not_found when the runbook is gone. */
  draftOf: (runbookId: string) => RunbookGraph;
  /** Tells the windows the runbook's pins changed. */
  onDidChange?: (runbookId: string) => void;
  now?: () => Date;
}

export function createPinService(deps: PinServiceDependencies): PinService {
  const now = deps.now ?? (() => new Date());
  /** The draft's step, or not_found. */
  const stepOf = (runbookId: string, stepId: string): Step => {
    const step = deps.draftOf(runbookId).steps.find((candidate) => candidate.id === stepId);
    if (step === undefined)
      throw new AppError('not_found', 'That step is not in the runbook’s draft.', 'stepId');
    return step;
  };
  const store = (runbookId: string, stepId: string, value: unknown, from: Pin['from']): Pin => {
    const step = stepOf(runbookId, stepId);
    if (!isPinnableType(step.type))
      throw new AppError(
        'invalid_input',
        `"${step.name}" is where a run begins and has no result; it cannot be pinned.`,
        'stepId',
      );
    const parsed = pinValueSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'invalid_input',
        `This pin cannot be kept: ${issue?.message ?? 'it does not read'}.`,
        ['pin', ...(issue?.path ?? []).map(String)].join('.'),
      );
    }
    // Checked against the step as it is now: a Condition's pin must name one of its exits.
    const problem = pinProblemOf(step, parsed.data);
    if (problem !== null) throw new AppError('invalid_input', problem, 'pin');
    const pin: Pin = { ...parsed.data, stepId, from, pinnedAt: now().toISOString() };
    deps.pins.set(runbookId, pin);
    deps.onDidChange?.(runbookId);
    return pin;
  };
  return {
    list: (runbookId) => {
      const stepIds = new Set(deps.draftOf(runbookId).steps.map((step) => step.id));
      return deps.pins.list(runbookId).filter((pin) => stepIds.has(pin.stepId));
    },
    fromTest: (runbookId, stepId, result) => {
      if (result.response === null)
        throw new AppError(
          'invalid_input',
          'This Test got no response to pin; send it again first.',
          'result',
        );
      const outputs = Object.fromEntries(result.outputs.map((output) => [output.name, output.value]));
      return store(
        runbookId,
        stepId,
        { status: result.response.status, outputs, response: result.response },
        'test',
      );
    },
    fromRun: (runId, seq) => {
      const run = deps.runs.get(runId);
      const record = run === undefined ? undefined : deps.runs.step(runId, seq);
      if (run === undefined || record === undefined)
        throw new AppError('not_found', 'This step record no longer exists.');
      const step = stepOf(run.runbookId, record.stepId);
      if (record.status !== 'succeeded' && record.status !== 'failed')
        throw new AppError('invalid_input', `"${step.name}" had not finished in that run.`, 'seq');
      const value = pinFromRecord(step, { ...record, runMessage: run.message });
      if (typeof value === 'string') throw new AppError('invalid_input', value, 'seq');
      return store(run.runbookId, record.stepId, value, 'run');
    },
    set: (runbookId, stepId, value) => store(runbookId, stepId, value, 'edited'),
    delete: (runbookId, stepId) => {
      deps.draftOf(runbookId);
      const wasPinned = deps.pins.delete(runbookId, stepId);
      if (wasPinned) deps.onDidChange?.(runbookId);
      return wasPinned;
    },
  };
}
