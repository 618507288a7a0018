/**
 * What a refused save of the draft is about, kept by the designer store as it was refused: the
 * API names the field by its path in the draft (`draft.steps.0.webhook.signaturePrefix`), which
 * the message reaching the window has lost, and the step it is in is found by its place in the
 * graph that was saved (a step deleted since stays named). draftRefusal.ts names the part as the
 * forms label it; it reads the step views, which the store cannot import (they read the store).
 */
import { AppError } from '../../../../shared/api/appError';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { Step } from '../../../../shared/runbook/stepTypes';
import { messageOf } from '../../app/errorMessage';

/** A refused save of the draft: the step and path it names, and its message as worded. */
export interface RefusedDraftPart {
  /** The step it is in, as saved; null for a part of the draft outside its steps, or none. */
  step: Step | null;
  /** The path in that step (`message`, `rules.1.left`), else in the draft (`inputs.0.name`); '' for none. */
  path: string;
  message: string;
  /**
   * The backend answered and refused the draft as it is: saving it again cannot succeed until it
   * is put right, so it holds the only copy of its edits. False for an answer lost (the backend
   * did not answer), which a later save may still get through.
   */
  isDraftRefused: boolean;
}

/** Codes of a save refused for what the draft holds. */
const draftRefusalCodes: ReadonlySet<string> = new Set(['invalid_input', 'payload_too_large']);

/** What `caught`, a refusal of saving `graph` as the draft, is about. */
export function refusedDraftPart(caught: unknown, graph: RunbookGraph): RefusedDraftPart {
  const message = messageOf(caught);
  const isDraftRefused = caught instanceof AppError && draftRefusalCodes.has(caught.code);
  const field = caught instanceof AppError ? (caught.field ?? '') : '';
  const inStep = /^draft\.steps\.(\d+)(?:\.(.+))?$/.exec(field);
  const step = inStep === null ? undefined : graph.steps[Number(inStep[1])];
  if (inStep !== null && step !== undefined) return { step, path: inStep[2] ?? '', message, isDraftRefused };
  const path = field.startsWith('draft.') ? field.slice('draft.'.length) : '';
  return { step: null, path, message, isDraftRefused };
}
