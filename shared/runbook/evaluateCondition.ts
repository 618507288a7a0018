/**
 * A Condition step's rules over already-resolved values (PRODUCT.md §4): equals, not equals,
 * greater/less than (numbers when both sides are numbers, else text), contains, matches regex,
 * is empty, exists — combined with all or any.
 */
import type { ConditionOperator } from './stepTypes';

export interface ResolvedRule {
  left: unknown;
  operator: ConditionOperator;
  right: unknown;
}

const asText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

const asNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
};

/**
 * A text of digits past 2^53, such as the id 12345678901234567890: as a number it loses digits
 * (it would equal 12345678901234567891), so equality compares it as text.
 */
const losesDigitsAsNumber = (value: unknown): boolean =>
  typeof value === 'string' && Number.isInteger(Number(value)) && !Number.isSafeInteger(Number(value));

/** An integer as written (a text of digits, or a safe number), exactly, for ids past 2^53. */
const asBigInt = (value: unknown): bigint | null => {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? BigInt(value.trim()) : null;
};

function compare(left: unknown, right: unknown): number {
  if (losesDigitsAsNumber(left) || losesDigitsAsNumber(right)) {
    const [x, y] = [asBigInt(left), asBigInt(right)];
    if (x !== null && y !== null) return x === y ? 0 : x > y ? 1 : -1;
  }
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== null && b !== null) return a - b;
  return asText(left).localeCompare(asText(right));
}

/**
 * Whether a regular expression finds a match in a text. The engine passes one that gives up on a
 * pattern that backtracks without end (`(a+)+$`), which would otherwise hold the backend for good.
 */
export type PatternTest = (pattern: RegExp, text: string) => boolean;

const testPattern: PatternTest = (pattern, text) => pattern.test(text);

/** Throws with a readable message when a regex is malformed. */
export function ruleHolds(rule: ResolvedRule, matches: PatternTest = testPattern): boolean {
  switch (rule.operator) {
    case 'equals':
      if (losesDigitsAsNumber(rule.left) || losesDigitsAsNumber(rule.right))
        return asText(rule.left) === asText(rule.right);
      return (
        compare(rule.left, rule.right) === 0 &&
        (asNumber(rule.left) !== null || asText(rule.left) === asText(rule.right))
      );
    case 'notEquals':
      return !ruleHolds({ ...rule, operator: 'equals' }, matches);
    case 'greaterThan':
      return compare(rule.left, rule.right) > 0;
    case 'lessThan':
      return compare(rule.left, rule.right) < 0;
    case 'contains':
      return Array.isArray(rule.left)
        ? rule.left.some((item) => asText(item) === asText(rule.right))
        : asText(rule.left).includes(asText(rule.right));
    case 'matches': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(asText(rule.right));
      } catch {
        throw new Error(`"${asText(rule.right)}" is not a valid regular expression.`);
      }
      return matches(pattern, asText(rule.left));
    }
    case 'isEmpty':
      return (
        rule.left === null ||
        rule.left === undefined ||
        asText(rule.left).trim() === '' ||
        (Array.isArray(rule.left) && rule.left.length === 0) ||
        (typeof rule.left === 'object' && Object.keys(rule.left).length === 0)
      );
    case 'exists':
      return rule.left !== undefined && rule.left !== null;
  }
}

export function conditionHolds(
  combine: 'all' | 'any',
  rules: readonly ResolvedRule[],
  matches: PatternTest = testPattern,
): boolean {
  const holds = (rule: ResolvedRule) => ruleHolds(rule, matches);
  return combine === 'all' ? rules.every(holds) : rules.some(holds);
}
