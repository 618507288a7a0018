/** Condition (PRODUCT.md §4): compares values by rules, all or any, and exits true or false. */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { stepBaseFields, templateField } from './stepFields';

export const conditionOperators = [
  'equals',
  'notEquals',
  'greaterThan',
  'lessThan',
  'contains',
  'matches',
  'isEmpty',
  'exists',
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

/** The most rules one Condition holds. */
export const maxConditionRules = 50;

export const conditionRuleSchema = z.object({
  left: templateField,
  operator: z.enum(conditionOperators),
  right: templateField.default(''),
});
export type ConditionRule = z.infer<typeof conditionRuleSchema>;

const conditionSchema = z.object({
  ...stepBaseFields,
  type: z.literal('condition'),
  combine: z.enum(['all', 'any']).default('all'),
  /** Empty once its last rule is removed; validate asks for one. */
  rules: z.array(conditionRuleSchema).max(maxConditionRules),
});
export type ConditionStep = z.infer<typeof conditionSchema>;

export const conditionStep = defineStep<typeof conditionSchema>({
  type: 'condition',
  label: 'Condition',
  description: 'Goes one way when its rules hold, the other when not.',
  schema: conditionSchema,
  outgoing: ['true', 'false'],
  optional: [],
  newSettings: () => ({ combine: 'all', rules: [{ left: '', operator: 'equals', right: '' }] }),
  templatesOf: (step) => step.rules.flatMap((rule) => [rule.left, rule.right]),
  pin: {
    meaning: 'Designer runs take the pinned exit ("true" or "false") without checking the rules.',
    fields: ['exit'],
    requires: ['exit'],
    example: () => ({ exit: 'true', outputs: {} }),
    fromRecord: (record) =>
      typeof record.outputs.result === 'boolean'
        ? { exit: String(record.outputs.result), outputs: record.outputs }
        : 'This record does not say which way the Condition went.',
  },
  validate: (step) =>
    step.rules.length === 0 ? [{ stepId: step.id, message: `"${step.name}": add at least one rule.` }] : [],
});
