import { describe, expect, it } from 'vitest';
import { firstOutputVariableProblem, outputExpressionProblem } from './outputVariableProblem';

describe('outputExpressionProblem', () => {
  it.each(['status', 'headers.x-request-id', 'response^choices[0]^text!', '$.items[0].id', ''])(
    'finds none in %j',
    (expression) => {
      expect(outputExpressionProblem(expression)).toBeUndefined();
    },
  );

  it('points at the position of a JSONPath that does not parse', () => {
    expect(outputExpressionProblem('$.[0]')).toBe('Unexpected "[" at position 2 in $.[0]');
  });

  it('points at the position of a Halo path that does not parse', () => {
    expect(outputExpressionProblem('response^choices[0]]')).toBe(
      'Unexpected "]" at position 19 in response^choices[0]]',
    );
  });

  it('says how an expression starts when it starts otherwise', () => {
    expect(outputExpressionProblem('body.id')).toMatch(/^An output expression starts with "response"/);
  });
});

describe('firstOutputVariableProblem', () => {
  it('names the first output variable that cannot be read, with its position', () => {
    expect(
      firstOutputVariableProblem([
        { name: 'status', expression: 'status' },
        { name: 'firstId', expression: '$.[0]' },
        { name: 'other', expression: 'nonsense' },
      ]),
    ).toEqual({ index: 1, message: 'Output variable "firstId": Unexpected "[" at position 2 in $.[0]' });
  });

  it('names an output without a name by its number', () => {
    expect(firstOutputVariableProblem([{ name: '', expression: '$.[0]' }])?.message).toMatch(
      /^Output variable 1: /,
    );
  });

  it('finds nothing when every expression parses', () => {
    expect(firstOutputVariableProblem([{ name: 'id', expression: 'response^id' }])).toBeUndefined();
  });
});
