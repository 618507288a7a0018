import { describe, expect, it } from 'vitest';
import { resolveJsonTemplate } from './jsonTemplate';

const scope = {
  name: 'Ada "the first" Lovelace',
  count: 3,
  flags: { a: true },
  list: [1, 'two'],
  nothing: null,
  text: 'x',
};

describe('resolveJsonTemplate', () => {
  it.each([
    ['a string inside quotes, escaped', '{"name": "{{name}}"}', { name: 'Ada "the first" Lovelace' }],
    [
      'text around a placeholder in a string',
      '{"greeting": "Hi {{name}}!"}',
      { greeting: 'Hi Ada "the first" Lovelace!' },
    ],
    ['a number outside quotes', '{"count": {{count}}}', { count: 3 }],
    ['an object outside quotes', '{"flags": {{flags}}}', { flags: { a: true } }],
    ['an array outside quotes', '{"list": {{list}}}', { list: [1, 'two'] }],
    ['a string outside quotes, quoted', '{"text": {{text}}}', { text: 'x' }],
    ['null outside quotes', '{"n": {{nothing}}}', { n: null }],
    ['a number inside quotes as text', '{"n": "{{count}}"}', { n: '3' }],
    ['an escaped quote before a placeholder', '{"a": "say \\"{{text}}\\""}', { a: 'say "x"' }],
    ['a prompt with newlines', '{"prompt": "line1\\n{{text}}"}', { prompt: 'line1\nx' }],
  ])('fills %s', (_, template, expected) => {
    expect(JSON.parse(resolveJsonTemplate(template, scope))).toEqual(expected);
  });

  it('names an unknown variable', () => {
    expect(() => resolveJsonTemplate('{"a": "{{missing}}"}', scope)).toThrow(
      'Unknown variable "missing" at position 7',
    );
  });

  it('refuses a body that is not JSON once filled', () => {
    expect(() => resolveJsonTemplate('{"a": {{text}}', scope)).toThrow(/not valid JSON/);
  });

  it('passes an empty body through', () => {
    expect(resolveJsonTemplate('  ', scope)).toBe('  ');
  });
});
