/**
 * A regular expression where a string is expected matches it, in every equality check: vitest's
 * toMatchObject took a RegExp as an object with no keys, so `{ message: /…/ }` held for any
 * message at all (an assertion that asserted nothing). Two expressions still compare as before.
 */
import { expect } from 'vitest';

expect.addEqualityTesters([
  (actual: unknown, expected: unknown) =>
    expected instanceof RegExp && typeof actual === 'string' ? expected.test(actual) : undefined,
]);
