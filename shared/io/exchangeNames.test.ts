import { describe, expect, it } from 'vitest';
import {
  exchangeNamesOf,
  idWrittenAs,
  isNameAsImported,
  requiredTextAsWritten,
  tagsAsWritten,
  writtenNamesOf,
} from './exchangeNames';

describe('isNameAsImported', () => {
  it.each([
    ['Help desk', true],
    ['Café ☕', true],
    ['Help\tdesk', false],
    ['Help\u0000desk', false],
    ['Caf\uFFFD', false],
    ['two\nlines', false],
    ['   ', false],
    ['', false],
  ])('%j: %s', (name, expected) => {
    expect(isNameAsImported(name)).toBe(expected);
  });
});

describe('writtenNamesOf', () => {
  it('cleans each name, and gives the first free copy name where another row answers to it', () => {
    const rows = [
      { id: '3', name: 'Help\u0001desk' },
      { id: '1', name: 'Help\tdesk' },
      { id: '2', name: 'Other\u0000' },
    ];
    const written = writtenNamesOf(rows, (name) => name.toLowerCase() === 'help desk', 'Unnamed', 100);
    expect(Object.fromEntries(written)).toEqual({
      '1': 'Help desk (copy 2)',
      '2': 'Other',
      '3': 'Help desk (copy)',
    });
  });

  it('names a row made only of control characters, within the longest name', () => {
    const written = writtenNamesOf(
      [
        { id: 'a', name: '\u0001' },
        { id: 'b', name: '\t\u0002' },
        { id: 'c', name: `${'x'.repeat(20)}\u0003` },
      ],
      (name) => name === 'x'.repeat(20),
      'Unnamed',
      20,
    );
    expect(Object.fromEntries(written)).toEqual({
      a: 'Unnamed',
      b: 'Unnamed (copy)',
      c: `${'x'.repeat(13)} (copy)`,
    });
  });
});

describe('exchangeNamesOf and idWrittenAs', () => {
  it('keep a name the import takes, and find each row by its written name whatever its case', () => {
    const written = exchangeNamesOf(
      [
        { id: 'clean', name: 'Pro d' },
        { id: 'old', name: 'Pro\td' },
      ],
      'Unnamed',
      100,
    );
    expect(Object.fromEntries(written)).toEqual({ clean: 'Pro d', old: 'Pro d (copy)' });
    expect(idWrittenAs(written, ' pro D ')).toBe('clean');
    expect(idWrittenAs(written, 'PRO D (COPY)')).toBe('old');
    expect(idWrittenAs(written, 'Prod')).toBeUndefined();
  });
});

describe('tagsAsWritten and requiredTextAsWritten', () => {
  it('clean tags, sort them, and leave out one left empty or given twice', () => {
    expect(tagsAsWritten(['on\tcall', '\u0005', 'b', 'on call'])).toEqual(['b', 'on call']);
  });

  it('write a required text cleaned, or its stand-in when nothing is left', () => {
    expect(requiredTextAsWritten('Re\u0000gion', 'region')).toBe('Re gion');
    expect(requiredTextAsWritten('\u0006', 'region')).toBe('region');
    expect(requiredTextAsWritten('Region', 'region')).toBe('Region');
  });
});
