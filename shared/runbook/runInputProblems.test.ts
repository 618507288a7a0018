import { describe, expect, it } from 'vitest';
import type { RunbookInput } from './runbookGraph';
import { runInputProblems } from './runInputProblems';

const input = (
  name: string,
  type: RunbookInput['type'],
  isRequired = false,
  defaultValue = '',
): RunbookInput => ({
  name,
  type,
  isRequired,
  defaultValue,
  description: '',
});

describe('run input problems', () => {
  it.each([
    ['a required input left empty', input('ticket', 'string', true), '', '"ticket" is required.'],
    ['an optional input left empty', input('note', 'string'), '', undefined],
    ['any text for a string', input('note', 'string'), ' 12 ', undefined],
    ['a number', input('count', 'number'), '4.5', undefined],
    ['text for a number', input('count', 'number'), 'four', '"count" must be a number.'],
    ['spaces for a number', input('count', 'number'), '  ', '"count" must be a number.'],
    ['true for a boolean', input('dry', 'boolean'), 'true', undefined],
    ['yes for a boolean', input('dry', 'boolean'), 'yes', '"dry" must be Yes or No.'],
    ['JSON', input('list', 'json'), '[1, 2]', undefined],
    ['text that is not JSON', input('list', 'json'), '[1,', '"list" must be JSON.'],
  ])('%s', (_, declared, typed, problem) => {
    expect(runInputProblems([declared], { [declared.name]: typed })[declared.name]).toBe(problem);
  });

  it('takes the default of an input not typed at all', () => {
    expect(runInputProblems([input('ticket', 'string', true, 'T-1')], {})).toEqual({});
    expect(runInputProblems([input('ticket', 'string', true)], {})).toEqual({
      ticket: '"ticket" is required.',
    });
  });

  it('shows inputs larger than a run takes at the largest input, as the API would refuse them', () => {
    const declared = [input('ticket', 'string'), input('note', 'string')];
    expect(runInputProblems(declared, { ticket: 'T-1', note: 'x'.repeat(2 * 1024 * 1024) })).toEqual({
      note: 'The input "note" is 2.1 MB; a run takes at most 1 MB of inputs. Pass a large document by reference instead (a URL a step fetches).',
    });
    expect(runInputProblems(declared, { ticket: 'T-1', note: 'x'.repeat(1000 * 1024) })).toEqual({});
  });
});
