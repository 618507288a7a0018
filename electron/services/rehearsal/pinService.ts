/**
 * Pinned outputs (PRODUCT.md §8): a step's result kept with the runbook's draft — from a Test,
 * from a run's step record, or edited as JSON — which runs started from the designer use instead
 * of sending the request (Execute method) or running the child (Run runbook). A pin keeps what was
 * recorded, so masked values stay masked.
 */
import { AppError } from '../../../shared/api/appError';
import type { RequestResult } from '../../../shared/domain/requestResult';
import { pinValueSchema, type Pin, type PinValue } from '../../../shared/rehearsal/rehearsal';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { PinRepository } from '../db/repositories/pinRepository';
import type { RunRepository } from '../db/repositories/runRepository';

/**
 * The step types a pin stands in for: those that reach outside the run (a request, a child run).
 * Set variables, Condition, Switch and For each only work on values already in the run, so pinning
 * them would hide the runbook's own logic; pin the steps they read instead.
 */
export const pinnableStepTypes: ReadonlySet<string> = new Set(['method', 'runRunbook']);

/** What a run's record of a step gives a pin, or null when it has no result to pin. */
function pinFromRecord(record: {
  stepType: string;
  status: string;
  outputs: Record<string, unknown>;
  response: unknown;
}): unknown {
  if (record.stepType === 'runRunbook' && (record.status === 'succeeded' || record.status === 'failed'))
    return { status: record.status === 'succeeded' ? 200 : 500, outputs: record.outputs, response: null };
  const { status, ...outputs } = record.outputs;
  if (record.stepType !== 'method' || typeof status !== 'number') return null;
  return { status, outputs, response: withoutRehearsal(record.response) ?? null };
}

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
  const assertPinnable = (runbookId: string, stepId: string) => {
    const step = deps.draftOf(runbookId).steps.find((candidate) => candidate.id === stepId);
    if (step === undefined)
      throw new AppError('not_found', 'That step is not in the runbook’s draft.', 'stepId');
    if (!pinnableStepTypes.has(step.type))
      throw new AppError(
        'invalid_input',
        `"${step.name}" changes nothing outside the run; only Execute method and Run runbook steps are pinned.`,
        'stepId',
      );
  };
  const store = (runbookId: string, stepId: string, value: unknown, from: Pin['from']): Pin => {
    assertPinnable(runbookId, stepId);
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
      const value = pinFromRecord(record);
      if (value === null)
        throw new AppError(
          'invalid_input',
          'Only a step that got an HTTP response, or a finished Run runbook step, can be pinned.',
          'seq',
        );
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
