import { describe, expect, it } from 'vitest';
import { methodLimits } from '../../../../shared/domain/method';
import { nameLimitNoteOf } from './nameLimitNote';

describe('the note under a method name at its limit', () => {
  it.each([
    ['a name shorter than the limit', 'n'.repeat(methodLimits.nameMax - 1), undefined],
    ['no name yet', '', undefined],
    [
      'a name of exactly the limit',
      'n'.repeat(methodLimits.nameMax),
      { text: 'A method name is at most 200 characters: this one has reached it.', isTooLong: false },
    ],
    [
      'a name one over (set by an import, not typed)',
      'n'.repeat(methodLimits.nameMax + 1),
      { text: 'A method name is at most 200 characters: take out 1 character.', isTooLong: true },
    ],
    [
      'a name 30 over',
      'n'.repeat(methodLimits.nameMax + 30),
      { text: 'A method name is at most 200 characters: take out 30 characters.', isTooLong: true },
    ],
  ])('says so for %s', (_, name, note) => {
    expect(nameLimitNoteOf(name)).toEqual(note);
  });
});
