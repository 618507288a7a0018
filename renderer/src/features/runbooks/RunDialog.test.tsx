import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunbookInput } from '../../../../shared/runbook/runbookGraph';
import { RunDialog } from './RunDialog';

const input = (name: string, type: RunbookInput['type'], description = ''): RunbookInput => ({
  name,
  type,
  isRequired: false,
  defaultValue: '',
  description,
});

describe('the Run dialog', () => {
  it("hints each input's type in the inspector's words", () => {
    const markup = renderToStaticMarkup(
      <RunDialog
        inputs={[
          input('ticket', 'string', 'The ticket to close'),
          input('count', 'number'),
          input('notify', 'boolean'),
          input('extra', 'json'),
        ]}
        onRun={() => Promise.resolve()}
        onClose={() => undefined}
      />,
    );
    const hints = [...markup.matchAll(/class="hint">([^<]*)</g)].map((match) => match[1]);
    expect(hints).toEqual(expect.arrayContaining(['Text · The ticket to close', 'Number', 'Yes/no', 'JSON']));
  });

  it('offers Yes and No for a Yes/no input, standing for true and false', () => {
    const markup = renderToStaticMarkup(
      <RunDialog
        inputs={[input('notify', 'boolean')]}
        onRun={() => Promise.resolve()}
        onClose={() => undefined}
      />,
    );
    const options = [...markup.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((match) => [
      match[1],
      match[2],
    ]);
    expect(options).toEqual([
      ['', '—'],
      ['true', 'Yes'],
      ['false', 'No'],
    ]);
  });

  it('shows an odd default of a Yes/no input as it is, marked, not as "—"', () => {
    const markup = renderToStaticMarkup(
      <RunDialog
        inputs={[{ ...input('notify', 'boolean'), defaultValue: 'maybe' }]}
        onRun={() => Promise.resolve()}
        onClose={() => undefined}
      />,
    );
    const options = [...markup.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)</g)].map((match) => [
      match[1],
      match[3],
      match[2] !== undefined,
    ]);
    expect(options).toEqual([
      ['', '—', false],
      ['true', 'Yes', false],
      ['false', 'No', false],
      ['maybe', 'maybe (not Yes or No)', true],
    ]);
  });

  it('says nothing of an empty required input as it opens', () => {
    const markup = renderToStaticMarkup(
      <RunDialog
        inputs={[{ ...input('ticket', 'string'), isRequired: true }]}
        onRun={() => Promise.resolve()}
        onClose={() => undefined}
      />,
    );
    expect(markup).not.toContain('is required');
    expect(markup).toContain('aria-invalid="false"');
  });
});
