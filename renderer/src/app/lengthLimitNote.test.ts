import { describe, expect, it } from 'vitest';
import { methodLimits } from '../../../shared/domain/method';
import { lengthLimitNoteOf } from './lengthLimitNote';

describe('the note under a text at its limit', () => {
  const max = methodLimits.nameMax;
  it.each([
    ['a name shorter than the limit', 'n'.repeat(max - 1), undefined],
    ['no name yet', '', undefined],
    [
      'a name of exactly the limit',
      'n'.repeat(max),
      { text: 'A method name is at most 200 characters: this one has reached it.', isTooLong: false },
    ],
    [
      'a name one over (set by an import, not typed)',
      'n'.repeat(max + 1),
      { text: 'A method name is at most 200 characters: take out 1 character.', isTooLong: true },
    ],
    [
      'a name 30 over',
      'n'.repeat(max + 30),
      { text: 'A method name is at most 200 characters: take out 30 characters.', isTooLong: true },
    ],
  ])('says so for %s', (_, name, note) => {
    expect(lengthLimitNoteOf('A method name', name, max)).toEqual(note);
  });

  it("names the field it is given, with that field's limit", () => {
    expect(
      lengthLimitNoteOf(
        'A method description',
        'd'.repeat(methodLimits.descriptionMax),
        methodLimits.descriptionMax,
      ),
    ).toEqual({
      text: 'A method description is at most 5000 characters: this one has reached it.',
      isTooLong: false,
    });
  });
});
