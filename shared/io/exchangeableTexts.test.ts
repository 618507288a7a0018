import { describe, expect, it } from 'vitest';
import { withExchangeableTexts } from './exchangeableTexts';

describe('withExchangeableTexts', () => {
  it('writes names and descriptions at any depth of the runbook and its integrations', () => {
    const written = withExchangeableTexts({
      runbook: {
        name: 'Check\taccess',
        description: 'one\ttwo\u0000',
        tags: ['on\ncall'],
        steps: [{ id: 'get', name: 'Get\u0007item', method: { integration: 'Help\tdesk', name: 'List' } }],
      },
      integrations: [{ name: 'Help\tdesk', definition: { customFields: [{ label: 'To\tken' }] } }],
    });
    expect(written).toEqual({
      runbook: {
        name: 'Check access',
        description: 'one\ttwo ',
        tags: ['on call'],
        steps: [{ id: 'get', name: 'Get item', method: { integration: 'Help desk', name: 'List' } }],
      },
      integrations: [{ name: 'Help desk', definition: { customFields: [{ label: 'To ken' }] } }],
    });
  });

  it('renames the runbook names that key the layout, and keeps step ids and user keys', () => {
    const written = withExchangeableTexts({
      layout: { 'Check\taccess': { get: { x: 0, y: 1 } } },
      runbook: { steps: [{ arguments: { name: 'a\tb' } }] },
    });
    expect(written).toEqual({
      layout: { 'Check access': { get: { x: 0, y: 1 } } },
      // A method's variable named "name": its value is a template, not a name of the runbook's.
      runbook: { steps: [{ arguments: { name: 'a\tb' } }] },
    });
  });

  it("leaves a test case's recorded values as recorded, its own name written", () => {
    const recorded = { name: 'two\nlines', label: 'a\tb' };
    const written = withExchangeableTexts({
      testCases: [
        {
          name: 'Case\t1',
          inputs: recorded,
          expectations: [{ kind: 'output', name: 'out\tput', equals: recorded }],
        },
      ],
    }) as {
      testCases: { name: string; inputs: unknown; expectations: { name: string; equals: unknown }[] }[];
    };
    expect(written.testCases[0]?.name).toBe('Case 1');
    expect(written.testCases[0]?.inputs).toBe(recorded);
    expect(written.testCases[0]?.expectations[0]).toEqual({
      kind: 'output',
      name: 'out put',
      equals: recorded,
    });
  });

  it('keeps a key named "__proto__" as a key', () => {
    const document = JSON.parse('{"runbook": {"__proto__": {"name": "a\\tb"}}}') as unknown;
    const written = withExchangeableTexts(document) as { runbook: object };
    expect(Object.hasOwn(written.runbook, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(written.runbook)).toBe(Object.prototype);
  });
});
