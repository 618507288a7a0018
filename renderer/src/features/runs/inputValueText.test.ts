import { describe, expect, it } from 'vitest';
import { inputValueText, yesNoDefaultChoices } from './inputValueText';

describe('an input value as it reads', () => {
  it.each([
    ['a Yes/no input’s true', true, 'boolean', 'Yes'],
    ['a Yes/no input’s false', false, 'boolean', 'No'],
    ['a boolean of an input no longer declared', false, undefined, 'No'],
    ['text, as typed', 'T-42', 'string', 'T-42'],
    ['text that reads like a boolean', 'true', 'string', 'true'],
    ['a number', 4.5, 'number', '4.5'],
    ['a JSON input’s true, as JSON', true, 'json', 'true'],
    ['a JSON input’s text, as JSON', 'T-42', 'json', '"T-42"'],
    ['a JSON input’s object', { ids: [1, 2] }, 'json', '{\n  "ids": [\n    1,\n    2\n  ]\n}'],
  ] as const)('%s', (_, value, type, text) => {
    expect(inputValueText(value, type)).toBe(text);
  });

  it('is null for an input the run was not given', () => {
    expect(inputValueText(null, 'boolean')).toBeNull();
    expect(inputValueText(undefined, undefined)).toBeNull();
  });
});

describe('a Yes/no input’s default, as the inspector offers it', () => {
  it('is None, Yes or No, standing for no default, true and false', () => {
    expect(yesNoDefaultChoices('false')).toEqual([
      ['', 'None'],
      ['true', 'Yes'],
      ['false', 'No'],
    ]);
  });

  it('lists any other stored text as it is, marked, so it is seen and can be replaced', () => {
    expect(yesNoDefaultChoices('yes').at(-1)).toEqual(['yes', 'yes (not Yes or No)']);
  });
});
