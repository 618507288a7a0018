/**
 * The step registry: every step type's shared declaration, in palette order. The union schema
 * of a step, the `Step` and `StepType` types and every lookup by type come from this one list;
 * the engine's executors (electron/services/engine/steps) and the designer's forms
 * (renderer/src/features/runbooks/steps) keep registries with the same keys. See README.md here.
 */
import { z } from 'zod';
import { approvalStep } from './approval';
import { conditionStep } from './condition';
import { delayStep } from './delay';
import { endStep } from './end';
import { forEachStep } from './forEach';
import { methodStep } from './method';
import { runRunbookStep } from './runRunbook';
import { setVariablesStep } from './setVariables';
import type { EdgeKind } from '../runbookGraph';
import type { StepDescriptor } from './stepDescriptor';
import { startStep } from './start';
import { switchStep } from './switch';

const descriptors = [
  startStep,
  methodStep,
  conditionStep,
  switchStep,
  setVariablesStep,
  delayStep,
  forEachStep,
  runRunbookStep,
  approvalStep,
  endStep,
] as const;

type SchemasOf<List extends readonly { schema: unknown }[]> = {
  [Index in keyof List]: List[Index]['schema'];
};

/** A step of any type, checked by its type's schema. */
export const stepSchema = z.discriminatedUnion(
  'type',
  descriptors.map((descriptor) => descriptor.schema) as unknown as SchemasOf<typeof descriptors>,
);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];
/** The step of one type. */
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;

/** Every step type's declaration, by type. */
export const stepRegistry = Object.fromEntries(
  descriptors.map((descriptor) => [descriptor.type, descriptor]),
) as unknown as { readonly [T in StepType]: StepDescriptor<StepOf<T>> };

/** Every step type, in palette order. */
export const stepTypeNames: readonly StepType[] = descriptors.map((descriptor) => descriptor.type);

/** A type's declaration, ready to take a step of that type. */
function declarationOf(type: StepType): StepDescriptor<Step> {
  // The registry pairs each type with its own descriptor; TypeScript cannot follow that pairing
  // from a step's type to the descriptor's parameter, so it is asserted once, here.
  return stepRegistry[type] as unknown as StepDescriptor<Step>;
}

/** The declaration of a step's own type, ready to take that step. */
export function descriptorOf(step: Step): StepDescriptor<Step> {
  return declarationOf(step.type);
}

/**
 * The declaration of a type named by data not yet checked (a step in a runbook file), or
 * undefined when no such type exists.
 */
export function descriptorNamed(type: string): StepDescriptor<Step> | undefined {
  const known = stepTypeNames.find((name) => name === type);
  return known === undefined ? undefined : declarationOf(known);
}

/** The exits of this very step: its type's, or those its settings give it (a Switch's cases). */
export function exitsOfStep(step: Step): readonly EdgeKind[] {
  const descriptor = descriptorOf(step);
  return descriptor.exitsOf?.(step) ?? descriptor.outgoing;
}

/** What an exit is called on the canvas and in the inspector. */
export function exitLabelOf(step: Step, kind: EdgeKind): string {
  return descriptorOf(step).exitLabel?.(step, kind) ?? kind;
}
