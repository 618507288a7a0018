import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/api/appError';
import {
  configurationFieldsOf,
  integrationDefinitionSchema,
} from '../../../../shared/domain/integrationDefinition';
import { placeRefusal } from '../../app/refusalPlace';
import { configurationFieldsShown, configurationPartNames } from './configurationRefusal';

const definition = integrationDefinitionSchema.parse({
  protocol: 'secrets',
  customFields: [{ name: 'token', label: 'API token', type: 'password' }],
});
const fields = configurationFieldsOf(definition);

const placed = (field: string, message: string) =>
  placeRefusal(new AppError('invalid_input', `${field}: ${message}`, field), {
    prefix: /^(values|secrets)\./,
    isShownAt: (path) => configurationFieldsShown(definition, fields).has(path),
    names: configurationPartNames(fields),
  });

describe('a refusal of the configuration form at Save', () => {
  it('sits at the field of the value or secret it names', () => {
    expect(placed('secrets.token', 'At most 20000 characters.')).toEqual({
      field: 'token',
      message: 'At most 20000 characters.',
    });
  });

  it('names in the banner a part the form shows no field for, which it showed nowhere before', () => {
    expect(placed('baseUrl', 'At most 2000 characters.')).toEqual({
      field: undefined,
      message: 'Base URL: At most 2000 characters.',
    });
    expect(placed('values', 'At most 200 items.')).toEqual({
      field: undefined,
      message: 'Values: At most 200 items.',
    });
  });
});
