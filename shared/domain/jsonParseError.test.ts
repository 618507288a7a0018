import { describe, expect, it } from 'vitest';
import { jsonParseErrorMessage, jsonParseFault, readJsonText } from './jsonParseError';

const refusalOf = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error('parsed');
};

describe('jsonParseErrorMessage', () => {
  it('says what is wrong without quoting the text around it', () => {
    const message = jsonParseErrorMessage(refusalOf('{"key": Bearer "sk-live-abcdef123456"}'));
    expect(message).toBe("Unexpected token 'B' (the text is not valid JSON)");
    expect(jsonParseErrorMessage(refusalOf('sk-live-abcdef123456'))).not.toContain('sk-');
  });

  it('keeps a refusal that quotes nothing, with its position', () => {
    expect(jsonParseErrorMessage(refusalOf('{"a":1,,"b":2}'))).toBe(
      'Expected double-quoted property name in JSON at position 7',
    );
  });
});

describe('jsonParseFault', () => {
  it('says what is wrong and where, without the text or the words after it', () => {
    expect(jsonParseFault(refusalOf('Bearer sk-live-abcdef123456'))).toBe("Unexpected token 'B'");
    expect(jsonParseFault(refusalOf('"sk-live-abcdef123456'))).toBe(
      'Unterminated string in JSON at position 21',
    );
  });
});

describe('readJsonText', () => {
  it.each([
    ['a bare secret', 'Bearer sk-live-abcdef123456', "Unexpected token 'B' (line 1, column 1)"],
    [
      'a secret where a value goes',
      '{\n  "outputs": {\n    "token": Bearer sk-live-abcdef123456\n  }\n}',
      "Unexpected token 'B' (line 3, column 14)",
    ],
    [
      'a trailing comma',
      '{"a": "sk-live-abcdef123456",}',
      'Expected double-quoted property name (line 1, column 30)',
    ],
    ['a string left open', '{"a": "sk-live-abcdef123456', 'Unterminated string (line 1, column 28)'],
    [
      'an object left open',
      '{"a": "sk-live-abcdef123456"',
      "Expected ',' or '}' after property value (line 1, column 29)",
    ],
  ])('says what is wrong with %s and where, quoting none of it', (_, text, said) => {
    expect(readJsonText(text)).toEqual({ problem: `Not valid JSON: ${said}.` });
  });

  it('reads valid JSON', () => {
    expect(readJsonText('{"a": [1, 2]}')).toEqual({ value: { a: [1, 2] } });
  });
});
