import { describe, expect, it } from 'vitest';
import { jsonParseErrorMessage } from './jsonParseError';

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
