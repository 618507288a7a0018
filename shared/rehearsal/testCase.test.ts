/** What a replay is checked against: an expected output is read as the step's own output only. */
import { describe, expect, it } from 'vitest';
import { unmetExpectation } from './testCase';

const replayWith = (outputs: Record<string, Record<string, unknown>>) => ({
  status: 'succeeded',
  path: Object.keys(outputs),
  outputs,
});

describe('unmetExpectation of an output', () => {
  it('finds an output named as an object member absent when the step did not give it', () => {
    // A Set variables step that no longer sets "__proto__", and a step "constructor" that did not run.
    const replay = replayWith({ set: { other: 1 } });
    expect(unmetExpectation({ kind: 'output', stepId: 'set', name: '__proto__', equals: {} }, replay)).toBe(
      'expected steps.set.outputs.__proto__ to be {}, it was absent',
    );
    expect(
      unmetExpectation({ kind: 'output', stepId: 'constructor', name: 'length', equals: 1 }, replay),
    ).toBe('expected steps.constructor.outputs.length to be 1, it was absent');
  });

  it('compares an output named "__proto__" that the step gave', () => {
    const replay = replayWith({ set: JSON.parse('{"__proto__": {"a": 1}}') as Record<string, unknown> });
    expect(
      unmetExpectation({ kind: 'output', stepId: 'set', name: '__proto__', equals: { a: 1 } }, replay),
    ).toBeUndefined();
  });
});
