import { describe, expect, it } from 'vitest';
import { editedField } from './editedField';

const rule = { left: '{{inputs.priority}}', operator: 'equals', right: 'high' };
const low = { ...rule, right: 'low' };
const check = {
  id: 'check',
  name: 'Check',
  type: 'condition',
  combine: 'all',
  rules: [rule, low],
};

describe('the field an inspector edit changed', () => {
  it.each([
    ['the step name', { ...check, name: 'Check!' }, 'name'],
    ['a select at the top', { ...check, combine: 'any' }, 'combine'],
    [
      'one field of the second rule',
      { ...check, rules: [rule, { ...low, right: 'lower' }] },
      'rules.1.right',
    ],
    ['another field of that rule', { ...check, rules: [rule, { ...low, left: 'x' }] }, 'rules.1.left'],
    ['the rules, when one is added', { ...check, rules: [...check.rules, rule] }, 'rules'],
    ['the rules, when one is removed', { ...check, rules: [rule] }, 'rules'],
    ['the whole step, when two fields change at once', { ...check, name: 'Check!', combine: 'any' }, ''],
    ['the whole step, when nothing changed', { ...check }, ''],
  ])('is %s', (_, after, field) => {
    expect(editedField(check, after)).toBe(field);
  });

  it('follows a key added to or dropped from an object', () => {
    const step = { id: 'call', arguments: { ticket: '1' } };
    expect(editedField(step, { ...step, arguments: { ticket: '1', note: 'a' } })).toBe('arguments.note');
    expect(editedField(step, { ...step, arguments: {} })).toBe('arguments.ticket');
  });

  it('stops at a part that turns from nothing into settings', () => {
    const step = { id: 'wait', notify: null };
    expect(editedField(step, { ...step, notify: { methodId: '' } })).toBe('notify');
  });

  it('gives the same field keystroke after keystroke, whatever objects the form rebuilt', () => {
    const typed = (right: string) => ({
      ...check,
      rules: check.rules.map((item) => ({ ...item })).with(0, { ...rule, right }),
    });
    expect(editedField(typed('u'), typed('ur'))).toBe('rules.0.right');
    expect(editedField(typed('ur'), typed('urg'))).toBe('rules.0.right');
  });
});
