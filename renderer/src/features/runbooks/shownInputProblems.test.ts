import { describe, expect, it } from 'vitest';
import { freshVisits, shownInputProblems } from './shownInputProblems';

const problems = { ticket: '"ticket" is required.', count: '"count" must be a number.' };

describe('the input problems a Run or Test step dialog shows', () => {
  it('are none while the dialog is fresh', () => {
    expect(shownInputProblems(problems, freshVisits)).toEqual({});
  });

  it('are those of the fields the user has left', () => {
    expect(shownInputProblems(problems, { left: ['ticket'], isSubmitted: false })).toEqual({
      ticket: '"ticket" is required.',
    });
  });

  it('are all of them once Start or Send was pressed', () => {
    expect(shownInputProblems(problems, { left: [], isSubmitted: true })).toEqual(problems);
  });
});
