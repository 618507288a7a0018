import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/appError';
import { namedMessage, partNameOf, placeRefusal } from './refusalPlace';

const names = {
  name: 'Name',
  customFields: 'Stored values',
  'customFields.#.label': 'Field # label',
  'behaviour.proxy': 'Proxy',
  'inputMapping.#.path': 'Mapping # JSONPath',
};

const refusal = (field: string, message: string) =>
  new AppError('invalid_input', `${field}: ${message}`, field);

describe('the name of the part a refusal is about', () => {
  it('is the entry for the path, rows numbered from 1', () => {
    expect(partNameOf('customFields.2.label', names)).toBe('Field 3 label');
    expect(partNameOf('inputMapping.0.path', names)).toBe('Mapping 1 JSONPath');
  });

  it('is the entry for the longest start of the path that has one', () => {
    expect(partNameOf('behaviour.proxy.caCertificate', names)).toBe('Proxy');
    expect(partNameOf('customFields.4.name', names)).toBe('Stored values');
  });

  it('is a field labelled by its key, for values by name', () => {
    const byName = {
      arguments: 'Variables',
      'arguments.*': '*',
      'rows.#.values.*': 'Row # *',
      'rows.#': 'Row #',
    };
    expect(partNameOf('arguments.ticket', byName)).toBe('ticket');
    expect(partNameOf('arguments', byName)).toBe('Variables');
    expect(partNameOf('rows.1.values.queue', byName)).toBe('Row 2 queue');
    // A row's index is no key.
    expect(partNameOf('rows.3', byName)).toBe('Row 4');
  });

  it('is none for a path the form does not name', () => {
    expect(partNameOf('variablePrefix', names)).toBeUndefined();
  });
});

describe('a message named for the banner', () => {
  it('is led by the name', () => {
    expect(namedMessage('Field 3 label', 'At most 100 characters.')).toBe(
      'Field 3 label: At most 100 characters.',
    );
  });

  it('stays as it is when it names the part already, or no name is known', () => {
    expect(namedMessage('Name', 'Name is required')).toBe('Name is required');
    expect(namedMessage(undefined, 'At most 100 characters.')).toBe('At most 100 characters.');
  });
});

describe('where a form shows a refusal at Save', () => {
  const form = { prefix: 'definition.', isShownAt: (field: string) => field === 'baseUrl', names };

  it('is at the field the API names, when the form shows one there, in the API’s words', () => {
    expect(placeRefusal(refusal('definition.baseUrl', 'Use http or https.'), form)).toEqual({
      field: 'baseUrl',
      message: 'Use http or https.',
    });
  });

  it('is the banner, naming the part, for a field the form shows no message at', () => {
    expect(placeRefusal(refusal('definition.customFields.0.label', 'At most 100 characters.'), form)).toEqual(
      {
        field: undefined,
        message: 'Field 1 label: At most 100 characters.',
      },
    );
  });

  it('is the banner, as worded, for a refusal that names no field or is no refusal', () => {
    expect(placeRefusal(new AppError('conflict', 'Another integration has this name.'), form)).toEqual({
      field: undefined,
      message: 'Another integration has this name.',
    });
    expect(placeRefusal(new Error('Network down'), form)).toEqual({
      field: undefined,
      message: 'Network down',
    });
  });
});
