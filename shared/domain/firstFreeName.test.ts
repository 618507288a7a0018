import { describe, expect, it } from 'vitest';
import { AppError } from '../api/appError';
import { firstFreeName, maxNameLength } from './firstFreeName';

const takenFrom = (names: readonly string[]) => (candidate: string) => names.includes(candidate);

describe('firstFreeName', () => {
  it.each([
    ['nothing is taken', 'Reset password', [], 'Reset password (copy)'],
    ['"(copy)" is taken', 'Reset password', ['Reset password (copy)'], 'Reset password (copy 2)'],
    [
      '"(copy)" and "(copy 2)" are taken',
      'Reset password',
      ['Reset password (copy)', 'Reset password (copy 2)'],
      'Reset password (copy 3)',
    ],
    ['only "(copy 2)" is taken', 'Reset password', ['Reset password (copy 2)'], 'Reset password (copy)'],
    ['the name is itself a copy', 'Sync (copy)', ['Sync (copy) (copy)'], 'Sync (copy) (copy 2)'],
  ])('gives the first free copy name when %s', (_, name, taken, expected) => {
    expect(firstFreeName(name, takenFrom(taken))).toBe(expected);
  });

  it.each([
    ['a name of 200 characters', 'a'.repeat(200), [], `${'a'.repeat(193)} (copy)`],
    ['a name of 195 characters', 'b'.repeat(195), [], `${'b'.repeat(193)} (copy)`],
    [
      'a long name whose first copy is taken',
      'c'.repeat(200),
      [`${'c'.repeat(193)} (copy)`],
      `${'c'.repeat(191)} (copy 2)`,
    ],
    [
      'a name cut just after a space',
      `${'d'.repeat(190)}   ${'e'.repeat(7)}`,
      [],
      `${'d'.repeat(190)} (copy)`,
    ],
  ])('shortens %s to fit the 200-character limit', (_, name, taken, expected) => {
    const copy = firstFreeName(name, takenFrom(taken));
    expect(copy).toBe(expected);
    expect(copy.length).toBeLessThanOrEqual(maxNameLength);
  });

  it('never cuts a character of two UTF-16 units in half', () => {
    const copy = firstFreeName(`${'f'.repeat(192)}😀😀`, () => false);
    expect(copy).toBe(`${'f'.repeat(192)} (copy)`);
  });

  it('honours a shorter limit', () => {
    expect(firstFreeName('Quarterly report', () => false, 12)).toBe('Quart (copy)');
  });

  it('asks for a name of its own when every copy name is taken', () => {
    expect(() => firstFreeName('Busy', () => true)).toThrow(AppError);
    expect(() => firstFreeName('Busy', () => true)).toThrow(/name the copy yourself/);
  });
});
