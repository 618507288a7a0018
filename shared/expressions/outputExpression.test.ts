import { describe, expect, it } from 'vitest';
import { evaluateOutputExpression, parseOutputExpression, type ResponseView } from './outputExpression';

const completion = {
  id: 'cmpl-1',
  object: 'text_completion',
  created: 1700000000,
  choices: [
    { text: '\n\nHello there', index: 0, finish_reason: 'stop', logprobs: null },
    { text: 'Second', index: 1, finish_reason: 'length', logprobs: null },
  ],
  usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
};

const tickets = {
  tickets: [
    { id: 11, summary: 'Printer', status: { name: 'New' }, tags: ['hw'] },
    { id: 12, summary: 'Email down', status: { name: 'In progress' }, assignee: 'Ada Lovelace' },
  ],
  'record-count': 2,
  ok: true,
  note: null,
  store: {
    book: [
      { title: 'Sayings', price: 8.95 },
      { title: 'Sword', price: 12.99 },
      { title: 'Moby Dick', price: 8.99 },
    ],
  },
};

const view = (body: unknown): ResponseView => ({
  status: 201,
  headers: { 'content-type': 'application/json', 'x-request-id': 'req-9' },
  body,
});

const evaluate = (expression: string, body: unknown = tickets) =>
  evaluateOutputExpression(parseOutputExpression(expression), view(body));

describe('Halo syntax', () => {
  it.each([
    ['the OpenAI example', 'response^choices[0]^text!', completion, '\n\nHello there'],
    ['a second choice', 'response^choices[1]^text!', completion, 'Second'],
    ['a quoted string without !', 'response^id', completion, '"cmpl-1"'],
    ['a string with !', 'response^id!', completion, 'cmpl-1'],
    ['a string with quotes, unescaped by !', 'response^text!', { text: 'say "hi"' }, 'say "hi"'],
    ['a string with quotes, as JSON without !', 'response^text', { text: 'say "hi"' }, '"say \\"hi\\""'],
    ['a number', 'response^created', completion, '1700000000'],
    ['a number with ! (unchanged)', 'response^usage^total_tokens!', completion, '12'],
    [
      'an object as JSON',
      'response^usage',
      completion,
      '{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}',
    ],
    ['null', 'response^note', tickets, 'null'],
    ['a boolean', 'response^ok', tickets, 'true'],
    ['a dashed property', 'response^record-count', tickets, '2'],
    ['a nested property after an index', 'response^tickets[1]^status^name!', tickets, 'In progress'],
    ['an array inside an element', 'response^tickets[0]^tags[0]!', tickets, 'hw'],
    ['[prop=value] with a number', 'response^tickets[id=12]^summary!', tickets, 'Email down'],
    ['[prop=value] with a string', 'response^tickets[summary=Printer]^id', tickets, '11'],
    ['[prop="quoted value"]', 'response^tickets[assignee="Ada Lovelace"]^id', tickets, '12'],
    ['the whole body', 'response', [1, 2], '[1,2]'],
    ['an index on the body', 'response[1]', [1, 2], '2'],
    ['a text body with !', 'response!', 'plain text', 'plain text'],
  ])('reads %s', (_, expression, body, expected) => {
    expect(evaluate(expression, body)).toBe(expected);
  });

  it.each([
    ['a missing property', 'response^nope'],
    ['an index past the end', 'response^tickets[9]'],
    ['an index on an object', 'response^store[0]'],
    ['a property of an array', 'response^tickets^id'],
    ['[prop=value] that matches nothing', 'response^tickets[id=99]^summary'],
    ['[prop=value] on an object', 'response^store[book=x]'],
    ['a property of null', 'response^note^x'],
  ])('gives undefined, not an error, for %s', (_, expression) => {
    expect(evaluate(expression)).toBeUndefined();
  });

  it.each([
    ['a doubled bracket', 'response^choices[0]]', 'Unexpected "]" at position 19 in response^choices[0]]'],
    ['an empty property', 'response^^text', 'Unexpected "^" at position 9 in response^^text'],
    ['a trailing ^', 'response^', 'Unexpected end of expression at position 9 in response^'],
    ['! in the middle', 'response!^text', 'Unexpected "!" at position 8 in response!^text'],
    ['a bracket without =', 'response^a[b]', 'Unexpected "]" at position 12 in response^a[b]'],
    ['an unclosed bracket', 'response^a[1', 'Unexpected end of expression at position 12 in response^a[1'],
    ['an unclosed quote', 'response^a[b="x]', 'The quote at position 13 is never closed in response^a[b="x]'],
    ['text after response', 'responses^x', 'Unexpected "s" at position 8 in responses^x'],
  ])('refuses %s and points at the position', (_, expression, message) => {
    expect(() => parseOutputExpression(expression)).toThrow(
      expect.objectContaining({ code: 'invalid_input', message }),
    );
  });
});

describe('JSONPath (RFC 9535)', () => {
  it.each([
    ['one value', '$.tickets[0].summary', 'Printer'],
    ['a number keeps its type', '$.tickets[1].id', 12],
    ['several values as an array', '$.tickets[*].id', [11, 12]],
    ['a filter', '$.store.book[?@.price < 10].title', ['Sayings', 'Moby Dick']],
    ['descendants', '$..name', ['New', 'In progress']],
    ['a bracketed name', "$['record-count']", 2],
    ['a slice', '$.store.book[1:].title', ['Sword', 'Moby Dick']],
    ['an object', '$.tickets[0].status', { name: 'New' }],
    ['the root', '$', tickets],
  ])('reads %s', (_, expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it('gives undefined when nothing matches', () => {
    expect(evaluate('$.nothing.here')).toBeUndefined();
  });

  it('refuses a malformed query and points at the position', () => {
    expect(() => parseOutputExpression('$.store.book[?@.price <]')).toThrow(
      expect.objectContaining({ message: 'Unexpected "]" at position 23 in $.store.book[?@.price <]' }),
    );
  });
});

describe('status and headers', () => {
  it('reads the status', () => {
    expect(evaluate('status')).toBe(201);
  });

  it.each([['headers.x-request-id'], ['headers.X-Request-ID'], [' headers.x-request-id ']])(
    'reads %s case-insensitively',
    (expression) => {
      expect(evaluate(expression)).toBe('req-9');
    },
  );

  it('gives undefined for an absent header', () => {
    expect(evaluate('headers.x-missing')).toBeUndefined();
  });

  it('refuses an expression of no known kind', () => {
    expect(() => parseOutputExpression('body.id')).toThrow(/starts with "response"/);
  });
});
