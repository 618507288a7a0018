/**
 * A Condition's "matches regex" with a time limit: JavaScript's regular expressions backtrack, so a
 * pattern like `(a+)+$` on a long text takes longer than the age of the universe, holding the
 * backend (every run, the window's calls) for good. The match runs in a vm context, whose timeout
 * interrupts it; past the limit the rule fails, naming the pattern.
 */
import vm from 'node:vm';
import type { PatternTest } from '../../../../shared/runbook/evaluateCondition';

/** Longer than any sensible pattern takes on the largest text a run holds. */
export const patternTimeLimitMs = 1_000;

const sandbox = vm.createContext({ pattern: /(?:)/, text: '' });
const matchInSandbox = new vm.Script('pattern.test(text)');

const isTimeout = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';

const shown = (source: string) => (source.length > 60 ? `${source.slice(0, 60)}…` : source);

export const boundedPatternTest: PatternTest = (pattern, text) => {
  Object.assign(sandbox, { pattern, text });
  try {
    return matchInSandbox.runInContext(sandbox, { timeout: patternTimeLimitMs }) === true;
  } catch (error) {
    if (!isTimeout(error)) throw error;
    throw new Error(
      `The regular expression "${shown(pattern.source)}" did not finish within ${String(patternTimeLimitMs / 1000)} s on a text of ${String(text.length)} characters: it backtracks too much (nested repeats such as (a+)+); simplify it.`,
    );
  } finally {
    Object.assign(sandbox, { pattern: /(?:)/, text: '' });
  }
};
