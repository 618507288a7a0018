import { describe, expect, it } from 'vitest';
import { jsonParseErrorMessage, jsonParseFault } from './jsonParseError';

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
