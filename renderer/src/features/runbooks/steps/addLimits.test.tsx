import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { maxConditionRules } from '../../../../../shared/runbook/steps/condition';
import { maxAssignments } from '../../../../../shared/runbook/steps/setVariables';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { ConditionForm } from './condition';
import { SetVariablesForm } from './setVariables';

/** The form as the window draws it (its template fields ask the backend through a query client). */
const markupOf = (form: ReactElement) =>
  renderToStaticMarkup(<QueryClientProvider client={new QueryClient()}>{form}</QueryClientProvider>);

/** Whether the form's button named `label` is disabled. */
function isDisabled(markup: string, label: string): boolean {
  const button = [...markup.matchAll(/<button[^>]*>(?:(?!<\/button>).)*<\/button>/g)]
    .map((match) => match[0])
    .find((text) => text.includes(label));
  if (button === undefined) throw new Error(`no button "${label}"`);
  return /<button[^>]* disabled=""/.test(button);
}

const condition = (count: number): StepOf<'condition'> => ({
  id: 'check',
  name: 'Check',
  type: 'condition',
  combine: 'all',
  rules: Array.from({ length: count }, () => ({ left: 'a', operator: 'equals' as const, right: 'b' })),
});

const variables = (count: number): StepOf<'setVariables'> => ({
  id: 'vars',
  name: 'Vars',
  type: 'setVariables',
  assignments: Array.from({ length: count }, (_, index) => ({ name: `v${String(index)}`, value: '' })),
});

describe('adding a part stops at what the step may hold', () => {
  it('offers Add rule until the Condition holds its most rules', () => {
    const form = (count: number) =>
      markupOf(<ConditionForm step={condition(count)} onChange={() => undefined} />);
    expect(isDisabled(form(maxConditionRules - 1), 'Add rule')).toBe(false);
    expect(isDisabled(form(maxConditionRules), 'Add rule')).toBe(true);
  });

  it('offers Add variable until the step sets its most variables', () => {
    const form = (count: number) =>
      markupOf(<SetVariablesForm step={variables(count)} onChange={() => undefined} />);
    expect(isDisabled(form(maxAssignments - 1), 'Add variable')).toBe(false);
    expect(isDisabled(form(maxAssignments), 'Add variable')).toBe(true);
  });
});
