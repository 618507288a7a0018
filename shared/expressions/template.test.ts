import { describe, expect, it } from 'vitest';
import {
  jsonStringEscape,
  listTemplateVariables,
  parsePath,
  resolveTemplate,
  resolveTemplateValue,
} from './template';

const scope = {
  inputs: { ticketId: 42, name: 'Ada Lovelace', isUrgent: false, empty: '', nothing: null },
  steps: {
    get_ticket: { outputs: { title: 'Printer on fire', tags: ['hw', 'urgent'] }, status: 'succeeded' },
  },
  trigger: { body: { items: [{ id: 'a-1' }, { id: 'a-2' }], 'x-key': 'v' } },
  config: { halo: { tenant: 'acme' } },
  client: 'Contoso',
  $odd: 'dollar',
};

describe('resolveTemplate', () => {
  it.each([
    ['plain text', 'no placeholders', 'no placeholders'],
    ['an input', '/tickets/{{inputs.ticketId}}', '/tickets/42'],
    ['spaces inside braces', '{{ inputs.name }}', 'Ada Lovelace'],
    ['a step output', '{{steps.get_ticket.outputs.title}}', 'Printer on fire'],
    ['a step status', '{{steps.get_ticket.status}}', 'succeeded'],
    ['an array index', '{{trigger.body.items[1].id}}', 'a-2'],
    ['a dashed name', '{{trigger.body.x-key}}', 'v'],
    ['a config value', 'https://{{config.halo.tenant}}.example', 'https://acme.example'],
    ['the client', 'for {{client}}', 'for Contoso'],
    ['a $ name', '{{$odd}}', 'dollar'],
    ['a boolean', '{{inputs.isUrgent}}', 'false'],
    ['an empty string', '[{{inputs.empty}}]', '[]'],
    ['null as empty', '[{{inputs.nothing}}]', '[]'],
    ['an array as JSON', '{{steps.get_ticket.outputs.tags}}', '["hw","urgent"]'],
    ['an object as JSON', '{{trigger.body.items[0]}}', '{"id":"a-1"}'],
    ['two placeholders', '{{inputs.name}} / {{client}}', 'Ada Lovelace / Contoso'],
    ['adjacent placeholders', '{{client}}{{client}}', 'ContosoContoso'],
    ['an escaped brace pair', '\\{{inputs.name}}', '{{inputs.name}}'],
    ['single braces', '{ "a": {b} }', '{ "a": {b} }'],
    ['unicode around', 'é {{client}} ✓', 'é Contoso ✓'],
  ])('resolves %s', (_, template, expected) => {
    expect(resolveTemplate(template, scope)).toBe(expected);
  });

  it.each([
    ['an unknown input', 'x {{inputs.ticketID}}', 'Unknown variable "inputs.ticketID" at position 2'],
    ['an unknown root', '{{nope}}', 'Unknown variable "nope" at position 0'],
    [
      'an index past the end',
      '{{trigger.body.items[5].id}}',
      'Unknown variable "trigger.body.items[5].id" at position 0',
    ],
    ['a property of a string', '{{client.name}}', 'Unknown variable "client.name" at position 0'],
    [
      'an inherited property',
      '{{inputs.constructor}}',
      'Unknown variable "inputs.constructor" at position 0',
    ],
    ['an unclosed placeholder', 'a {{inputs.name', '"{{" at position 2 is never closed with "}}"'],
    ['an empty placeholder', 'a {{ }}', 'Empty placeholder at position 2'],
    ['a bad character', '{{inputs.na me}}', 'Unexpected " " at position 11 in "inputs.na me"'],
    ['a trailing dot', '{{inputs.}}', '"inputs." ends with "."'],
    ['a bad index', '{{items[x]}}', 'Expected "[<number>]" at position 7 in "items[x]"'],
  ])('refuses %s with a message that points at it', (_, template, message) => {
    expect(() => resolveTemplate(template, scope)).toThrow(
      expect.objectContaining({ code: 'invalid_input', message }),
    );
  });

  it('renders absent variables as empty when asked to', () => {
    expect(resolveTemplate('[{{nope}}]', scope, { onMissing: 'empty' })).toBe('[]');
  });

  it('encodes substituted values only, not the literal text', () => {
    expect(resolveTemplate('/users/{{inputs.name}}?q=a b', scope, { encode: encodeURIComponent })).toBe(
      '/users/Ada%20Lovelace?q=a b',
    );
  });

  it('resolves a 100 KB template with a thousand placeholders', () => {
    const template = `${'x'.repeat(100)}{{inputs.ticketId}}`.repeat(1000);
    expect(resolveTemplate(template, scope)).toHaveLength(1000 * 102);
  });
});

describe('resolveTemplateValue', () => {
  it.each([
    ['a number stays a number', '{{inputs.ticketId}}', 42],
    ['a boolean stays a boolean', '{{ inputs.isUrgent }}', false],
    ['an array stays an array', '{{steps.get_ticket.outputs.tags}}', ['hw', 'urgent']],
    ['mixed text becomes a string', '#{{inputs.ticketId}}', '#42'],
  ])('%s', (_, template, expected) => {
    expect(resolveTemplateValue(template, scope)).toEqual(expected);
  });
});

describe('listTemplateVariables', () => {
  it('lists each variable once, in order', () => {
    expect(listTemplateVariables('{{b}} {{a.x}} {{b}} \\{{c}}')).toEqual(['b', 'a.x']);
  });
});

describe('parsePath', () => {
  it('splits names and indexes', () => {
    expect(parsePath('trigger.body.items[0][1].id')).toEqual(['trigger', 'body', 'items', 0, 1, 'id']);
  });
});

describe('jsonStringEscape', () => {
  it.each([
    ['quote "x"', 'quote \\"x\\"'],
    ['line\nbreak', 'line\\nbreak'],
    ['back\\slash', 'back\\\\slash'],
  ])('escapes %j', (value, expected) => {
    expect(jsonStringEscape(value)).toBe(expected);
  });
});
