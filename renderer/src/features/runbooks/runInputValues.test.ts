import { describe, expect, it } from 'vitest';
import type { RunbookInput } from '../../../../shared/runbook/runbookGraph';
import { runInputValues } from './runInputValues';

const input = (name: string, type: RunbookInput['type']): RunbookInput => ({
  name,
  type,
  isRequired: false,
  defaultValue: '',
  description: '',
});

describe('the input values a run is started with', () => {
  it('sends a Yes/no input as a boolean, and other inputs as typed', () => {
    const declared = [input('notify', 'boolean'), input('dry', 'boolean'), input('count', 'number')];
    expect(runInputValues(declared, { notify: 'true', dry: 'false', count: '3' })).toEqual({
      notify: true,
      dry: false,
      count: '3',
    });
  });

  it('leaves a Yes/no input left empty empty, as not given', () => {
    expect(runInputValues([input('notify', 'boolean')], { notify: '' })).toEqual({ notify: '' });
  });

  it('sends "true" typed for a text input as text', () => {
    expect(runInputValues([input('note', 'string')], { note: 'true' })).toEqual({ note: 'true' });
  });
});
