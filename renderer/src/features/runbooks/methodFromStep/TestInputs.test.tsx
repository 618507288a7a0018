import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunbookInput } from '../../../../../shared/runbook/runbookGraph';
import { freshVisits, type InputVisits } from '../shownInputProblems';
import { TestInputs } from './TestInputs';

const input = (name: string, type: RunbookInput['type']): RunbookInput => ({
  name,
  type,
  isRequired: false,
  defaultValue: '',
  description: '',
});

const markupOf = (used: RunbookInput[], typed: Record<string, string>, visits: InputVisits = freshVisits) =>
  renderToStaticMarkup(
    <TestInputs
      used={used}
      origins={{}}
      typed={typed}
      visits={visits}
      onChange={() => undefined}
      onLeave={() => undefined}
    />,
  );

const required = (name: string): RunbookInput => ({ ...input(name, 'string'), isRequired: true });

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

  it('say beside a value that would not start a run what is wrong with it, once its field is left', () => {
    expect(markupOf([input('count', 'number')], { count: 'many' })).not.toContain('must be a number');
    const markup = markupOf(
      [input('count', 'number')],
      { count: 'many' },
      { left: ['count'], isSubmitted: false },
    );
    expect(markup).toMatch(/aria-invalid="true" aria-describedby="step-test-input-count-error"/);
    expect(markup).toContain('&quot;count&quot; must be a number.');
  });

  it('say nothing of an empty required input before the user did anything', () => {
    const markup = markupOf([required('ticket')], { ticket: '' });
    expect(markup).not.toContain('is required');
    expect(markup).toMatch(/aria-label="Input ticket" id="step-test-input-ticket" aria-required="true"/);
    expect(markup).toContain('aria-invalid="false"');
  });

  it('say an empty required input is required once its field is left empty, or Send is pressed', () => {
    const left = markupOf(
      [required('ticket'), required('queue')],
      {},
      { left: ['ticket'], isSubmitted: false },
    );
    expect(left).toContain('&quot;ticket&quot; is required.');
    expect(left).not.toContain('&quot;queue&quot; is required.');
    const sent = markupOf([required('ticket'), required('queue')], {}, { left: [], isSubmitted: true });
    expect(sent).toContain('&quot;ticket&quot; is required.');
    expect(sent).toContain('&quot;queue&quot; is required.');
  });
});
