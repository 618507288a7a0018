import { describe, expect, it } from 'vitest';
import { readJsonBody } from './jsonBody';

describe('readJsonBody', () => {
  it.each([
    ['an object', '{"id": 7, "tags": ["a"]}', { id: 7, tags: ['a'] }],
    ['an array', '[1, 2]', [1, 2]],
    ['a string', '"done"', 'done'],
    ['null', 'null', null],
  ])('reads %s as JSON', (_, text, value) => {
    expect(readJsonBody(text)).toEqual({ isJson: true, value });
  });

  it.each([
    ['plain text', 'OK'],
    ['a form body', 'a=1&b=2'],
    ['cut-off JSON', '{"id": 7'],
    ['an empty body', ''],
    ['blank space', '  \n'],
    ['no body', null],
  ])('reads %s as text', (_, text) => {
    expect(readJsonBody(text)).toEqual({ isJson: false });
  });
});
