import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/appError';
import { fallbackErrorMessage, messageOf } from './errorMessage';

describe('messageOf', () => {
  it.each([
    [
      'an AppError',
      new AppError('conflict', 'A runbook named "Sync" already exists.'),
      'A runbook named "Sync" already exists.',
    ],
    ['an Error', new Error('Expected 5 or 6 fields.'), 'Expected 5 or 6 fields.'],
    [
      'an error body',
      { code: 'not_found', message: 'This runbook no longer exists.' },
      'This runbook no longer exists.',
    ],
    ['a thrown text', 'The clipboard is not available.', 'The clipboard is not available.'],
    [
      'a refusal naming its field, without the field’s path',
      new AppError('invalid_input', 'definition.name: Name is required', 'definition.name'),
      'Name is required',
    ],
    [
      'an error body naming its field, without the path',
      {
        code: 'invalid_input',
        message: 'draft.steps.4.methodId: Choose a method',
        field: 'draft.steps.4.methodId',
      },
      'Choose a method',
    ],
    [
      'a message that only mentions its field',
      new AppError('conflict', 'A method named "Get" already exists.', 'definition.name'),
      'A method named "Get" already exists.',
    ],
    ['an Error without a message', new Error(''), fallbackErrorMessage],
    ['a blank text', '  ', fallbackErrorMessage],
    ['undefined', undefined, fallbackErrorMessage],
    ['null', null, fallbackErrorMessage],
    ['a number', 42, fallbackErrorMessage],
    ['an object without a message', { reason: 'x' }, fallbackErrorMessage],
  ])('reads %s', (_, caught, expected) => {
    expect(messageOf(caught)).toBe(expected);
  });
});

describe('messageOf at a field', () => {
  it('leaves out the path of the field the backend names', () => {
    const error = new AppError(
      'invalid_input',
      'definition.outputs.0.name: Variable names are letters',
      'definition.outputs.0.name',
    );
    expect(messageOf(error)).toBe('Variable names are letters');
  });

  it('keeps a message that does not start with its field', () => {
    const error = new AppError(
      'invalid_input',
      'Output variable "id": Unexpected end',
      'definition.outputs.0.expression',
    );
    expect(messageOf(error)).toBe('Output variable "id": Unexpected end');
    expect(messageOf(new Error('Plain'))).toBe('Plain');
  });
});
