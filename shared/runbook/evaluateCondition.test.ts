import { describe, expect, it } from 'vitest';
import { conditionHolds, ruleHolds, type ResolvedRule } from './evaluateCondition';

const rule = (left: unknown, operator: ResolvedRule['operator'], right: unknown = ''): ResolvedRule => ({
  left,
  operator,
  right,
});

describe('ruleHolds', () => {
  it.each([
    [rule('open', 'equals', 'open'), true],
    [rule('Open', 'equals', 'open'), false],
    [rule(200, 'equals', '200'), true],
    [rule('2.0', 'equals', '2'), true],
    [rule('12345678901234567890', 'equals', '12345678901234567891'), false],
    [rule('12345678901234567890', 'equals', '12345678901234567890'), true],
    [rule(9007199254740991, 'equals', '9007199254740991.0'), true],
    [rule('a', 'notEquals', 'b'), true],
    [rule('10', 'greaterThan', '9'), true],
    [rule('12345678901234567891', 'greaterThan', '12345678901234567890'), true],
    [rule('12345678901234567890', 'lessThan', '12345678901234567891'), true],
    [rule('12345678901234567890', 'greaterThan', '12345678901234567890'), false],
    [rule('-12345678901234567891', 'lessThan', 5), true],
    [rule('12345678901234567890', 'greaterThan', '1.5'), true],
    [rule('b', 'greaterThan', 'a'), true],
    [rule(3, 'lessThan', 12), true],
    [rule('printer on fire', 'contains', 'fire'), true],
    [rule(['hw', 'urgent'], 'contains', 'urgent'), true],
    [rule(['hw'], 'contains', 'urgent'), false],
    [rule('TCK-1234', 'matches', '^TCK-\\d+$'), true],
    [rule('', 'isEmpty'), true],
    [rule('  ', 'isEmpty'), true],
    [rule([], 'isEmpty'), true],
    [rule({}, 'isEmpty'), true],
    [rule(null, 'isEmpty'), true],
    [rule('x', 'isEmpty'), false],
    [rule(0, 'exists'), true],
    [rule(undefined, 'exists'), false],
    [rule(null, 'exists'), false],
  ])('%j → %s', (resolved, expected) => {
    expect(ruleHolds(resolved)).toBe(expected);
  });

  it('says when a regular expression is malformed', () => {
    expect(() => ruleHolds(rule('x', 'matches', '('))).toThrow('"(" is not a valid regular expression.');
  });
});

describe('conditionHolds', () => {
  it('combines with all or any', () => {
    const rules = [rule('a', 'equals', 'a'), rule('a', 'equals', 'b')];
    expect(conditionHolds('all', rules)).toBe(false);
    expect(conditionHolds('any', rules)).toBe(true);
  });
});
