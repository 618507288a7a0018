/**
 * Switch (PRODUCT.md §4, after Condition): one value, compared with each case in turn; the run
 * follows the first case it equals, or `default` when none does. Each case is an exit of its own
 * (`case_<id>`), so a Switch has as many exits as it has cases, plus default.
 */
import { z } from 'zod';
import type { EdgeKind } from '../runbookGraph';
import { defineStep } from './stepDescriptor';
import { stepBaseFields, templateField } from './stepFields';

/** At most this many cases: each is an exit on the step's card. */
export const maxSwitchCases = 10;

const switchCaseSchema = z.object({
  /** Fixed when the case is added; its exit is `case_<id>`. */
  id: z.string().regex(/^[a-z0-9]{1,16}$/),
  /** The value (a template) the switched value must equal. */
  equals: templateField,
});
export type SwitchCase = z.infer<typeof switchCaseSchema>;

const switchSchema = z.object({
  ...stepBaseFields,
  type: z.literal('switch'),
  value: templateField,
  cases: z.array(switchCaseSchema).max(maxSwitchCases),
});
export type SwitchStep = z.infer<typeof switchSchema>;

/** The exit of a case. */
export const caseExit = (switchCase: Pick<SwitchCase, 'id'>): EdgeKind => `case_${switchCase.id}`;

/** A fresh case id not used by the step's cases: c1, c2, … */
export function nextCaseId(cases: readonly Pick<SwitchCase, 'id'>[]): string {
  const used = new Set(cases.map((switchCase) => switchCase.id));
  let number = cases.length + 1;
  while (used.has(`c${String(number)}`)) number += 1;
  return `c${String(number)}`;
}

const shortened = (text: string) => (text.length > 24 ? `${text.slice(0, 23)}…` : text);

export const switchStep = defineStep<typeof switchSchema>({
  type: 'switch',
  label: 'Switch',
  description: 'Goes one of several ways, by which case a value equals.',
  schema: switchSchema,
  outgoing: ['default'],
  exitsOf: (step) => [...step.cases.map(caseExit), 'default'],
  exitLabel: (step, kind) => {
    const matched = step.cases.find((switchCase) => caseExit(switchCase) === kind);
    if (matched === undefined) return kind;
    return matched.equals === ''
      ? `case ${String(step.cases.indexOf(matched) + 1)}`
      : `= ${shortened(matched.equals)}`;
  },
  optional: [],
  newSettings: () => ({ value: '', cases: [{ id: 'c1', equals: '' }] }),
  templatesOf: (step) => [step.value, ...step.cases.map((switchCase) => switchCase.equals)],
  outputsInScope: () => new Set(['value', 'case']),
  pin: {
    meaning:
      'Designer runs take the pinned exit (a case’s exit, such as "case_c1", or "default") without comparing the value.',
    fields: ['exit'],
    requires: ['exit'],
    example: (step) => ({
      exit: step.cases[0] === undefined ? 'default' : caseExit(step.cases[0]),
      outputs: {},
    }),
    fromRecord: (record, step) => {
      const taken = record.outputs.case;
      if (taken === 'default') return { exit: 'default', outputs: record.outputs };
      const matched = step.cases.find((switchCase) => switchCase.equals === taken);
      return matched === undefined
        ? `The case this run took (${JSON.stringify(taken) ?? 'none'}) is no longer one of "${step.name}"’s cases.`
        : { exit: caseExit(matched), outputs: record.outputs };
    },
  },
  validate: (step) => {
    const issues = [];
    if (step.value.trim() === '')
      issues.push({ stepId: step.id, message: `"${step.name}": give the value to switch on.` });
    if (step.cases.length === 0)
      issues.push({ stepId: step.id, message: `"${step.name}": add at least one case.` });
    // Only a file or a call can give two cases one id (the inspector numbers them): they would
    // share one exit, so the second case's value would follow the edge drawn from the first.
    const ids = new Set<string>();
    for (const switchCase of step.cases) {
      if (ids.has(switchCase.id))
        issues.push({
          stepId: step.id,
          message: `"${step.name}": two cases have the id "${switchCase.id}" and share one exit; delete the second and add it again.`,
        });
      ids.add(switchCase.id);
    }
    const seen = new Set<string>();
    for (const switchCase of step.cases) {
      if (seen.has(switchCase.equals))
        issues.push({
          stepId: step.id,
          message: `"${step.name}": two cases equal "${switchCase.equals}"; the second is never taken.`,
        });
      seen.add(switchCase.equals);
    }
    return issues;
  },
});
