/**
 * Pinned outputs (PRODUCT.md §8): a method step's result kept with the runbook's draft — from a
 * Test, from a run's step record, or edited as JSON — which runs started from the designer use
 * instead of sending the request. A pin keeps what was recorded, so masked values stay masked.
 */
import { AppError } from '../../../shared/api/appError';
import type { RequestResult } from '../../../shared/domain/requestResult';
import { pinValueSchema, type Pin, type PinValue } from '../../../shared/rehearsal/rehearsal';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
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

/** A response as a pin keeps it: the rehearsal marker of a record that was itself not sent goes. */
function withoutRehearsal(response: unknown): unknown {
  if (typeof response !== 'object' || response === null || !('rehearsal' in response)) return response;
  const { rehearsal: _dropped, ...rest } = response as Record<string, unknown>;
  return rest;
}

export function createPinService(deps: PinServiceDependencies): PinService {
  const now = deps.now ?? (() => new Date());
  const assertMethodStep = (runbookId: string, stepId: string) => {
    const step = deps.draftOf(runbookId).steps.find((candidate) => candidate.id === stepId);
    if (step === undefined)
      throw new AppError('not_found', 'That step is not in the runbook’s draft.', 'stepId');
    if (step.type !== 'method')
      throw new AppError(
        'invalid_input',
        `"${step.name}" sends no request; only Execute method steps are pinned.`,
        'stepId',
      );
  };
  const store = (runbookId: string, stepId: string, value: unknown, from: Pin['from']): Pin => {
    assertMethodStep(runbookId, stepId);
    const parsed = pinValueSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'invalid_input',
        `This pin cannot be kept: ${issue?.message ?? 'it does not read'}.`,
        ['pin', ...(issue?.path ?? []).map(String)].join('.'),
      );
    }
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
      const { status, ...outputs } = record.outputs;
      if (record.stepType !== 'method' || typeof status !== 'number')
        throw new AppError('invalid_input', 'Only a step that got an HTTP response can be pinned.', 'seq');
      return store(
        run.runbookId,
        record.stepId,
        { status, outputs, response: withoutRehearsal(record.response) ?? null },
        'run',
      );
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
