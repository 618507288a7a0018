import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunbookInput } from '../../../../../shared/runbook/runbookGraph';
import { TestInputs } from './TestInputs';

const input = (name: string, type: RunbookInput['type']): RunbookInput => ({
  name,
  type,
  isRequired: false,
  defaultValue: '',
  description: '',
});

const markupOf = (used: RunbookInput[], typed: Record<string, string>) =>
  renderToStaticMarkup(<TestInputs used={used} origins={{}} typed={typed} onChange={() => undefined} />);

describe('the inputs a step Test asks for', () => {
  it('offer Yes and No for a Yes/no input, as the Run dialog does, the latest value chosen', () => {
    const markup = markupOf([input('notify', 'boolean')], { notify: 'false' });
    expect(markup).toContain('<select aria-label="Input notify"');
    const options = [...markup.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)</g)].map((match) => [
      match[1],
      match[3],
      match[2] !== undefined,
    ]);
    expect(options).toEqual([
      ['', '—', false],
      ['true', 'Yes', false],
      ['false', 'No', true],
    ]);
  });

  it("name each input's type in the Run dialog's words", () => {
    const markup = markupOf([input('count', 'number'), input('extra', 'json')], { count: '3', extra: '{}' });
    expect(markup).toContain('Number');
    expect(markup).toContain('JSON');
    expect(markup).toMatch(/<input aria-label="Input count"[^>]*inputMode="decimal"/);
    expect(markup).toMatch(/<input aria-label="Input extra"[^>]*class="mono"/);
  });

  it('say beside a value that would not start a run what is wrong with it', () => {
    const markup = markupOf([input('count', 'number')], { count: 'many' });
    expect(markup).toMatch(/aria-invalid="true" aria-describedby="step-test-input-count-error"/);
    expect(markup).toContain('&quot;count&quot; must be a number.');
  });
});
