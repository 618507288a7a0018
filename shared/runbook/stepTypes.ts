/**
 * The step types (PRODUCT.md §4), as the rest of the code imports them: the schema of a step,
 * its types, and each type's label and exits — all derived from the step registry
 * (steps/stepRegistry.ts), where each type is one module. Add a step type there, not here.
 */
import { stepRegistry } from './steps/stepRegistry';

export {
  exitLabelOf,
  exitsOfStep,
  stepSchema,
  stepTypeNames,
  type Step,
  type StepType,
  type StepOf,
} from './steps/stepRegistry';
export {
  conditionOperators,
  conditionRuleSchema,
  type ConditionOperator,
  type ConditionRule,
} from './steps/condition';
export {
  isStartStep,
  newStartStep,
  type StartStep,
  webhookTriggerSchema,
  scheduleTriggerSchema,
  type WebhookTrigger,
  type ScheduleTrigger,
} from './steps/start';

/** Each step type's label, description and exits (its whole declaration), by type. */
export const stepTypes = stepRegistry;
