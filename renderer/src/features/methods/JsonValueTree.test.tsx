import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JsonValueTree } from './JsonValueTree';

/** The accessible names of the tree's toggles, in order. */
function toggleNamesOf(value: unknown): string[] {
  const markup = renderToStaticMarkup(<JsonValueTree value={value} />);
  return [...markup.matchAll(/class="json-toggle"[^>]*aria-label="([^"]*)"/g)].map((match) => match[1] ?? '');
}

describe('JSON value tree', () => {
  it('names each toggle for what it opens or closes, not for its triangle', () => {
    const body = { choices: [{ message: { role: 'assistant' } }], usage: { total: 3 } };
    expect(toggleNamesOf(body)).toEqual([
      'Collapse the whole value',
      'Collapse choices',
      'Collapse item 0',
      'Expand message',
      'Collapse usage',
    ]);
  });
});
