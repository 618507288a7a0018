import { describe, expect, it } from 'vitest';
import { answerHeading, rehearsalLabel } from './recordRehearsal';

describe('what a step that was not sent says of its answer', () => {
  it('names the example, and says when the method had none to give', () => {
    expect(answerHeading({ source: 'example', wouldHaveSent: true })).toBe(
      'Answered with the method’s example response',
    );
    expect(answerHeading({ source: 'example', wouldHaveSent: true, hasNoExample: true })).toBe(
      'Answered 200 with an empty body: the method has no example response (set one in its Settings)',
    );
    expect(rehearsalLabel({ source: 'example', wouldHaveSent: true, hasNoExample: true })).toBe(
      'not sent (dry run)',
    );
  });
});
