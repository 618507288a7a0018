import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/api/appError';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { placeRefusal } from '../../app/refusalPlace';
import { connectionFieldsShown, connectionPartNames } from './connectionRefusal';

const refusal = (field: string, message: string) =>
  new AppError('invalid_input', `${field}: ${message}`, field);

/** Where the connection form shows a refusal of saving `definition`. */
function placed(definition: unknown, field: string, message: string) {
  const shown = connectionFieldsShown(integrationDefinitionSchema.parse(definition));
  return placeRefusal(refusal(field, message), {
    prefix: 'definition.',
    isShownAt: (path) => shown.has(path),
    names: connectionPartNames,
  });
}

describe('a refusal of the connection form at Save', () => {
  it('sits at the field the form shows: the base URL, an authorization setting, a rate limit', () => {
    expect(placed({}, 'definition.baseUrl', 'At most 2000 characters.').field).toBe('baseUrl');
    expect(
      placed({ auth: { type: 'bearer' } }, 'definition.behaviour.rateLimits.requestsPerSecond', 'Too many.')
        .field,
    ).toBe('behaviour.rateLimits.requestsPerSecond');
  });

  it('names a stored value’s label in the banner, which no field would show', () => {
    expect(
      placed(
        { protocol: 'secrets', customFields: [{ name: 'token', label: 'Token', type: 'password' }] },
        'definition.customFields.0.label',
        'At most 100 characters.',
      ),
    ).toEqual({ field: undefined, message: 'Field 1 label: At most 100 characters.' });
  });

  it('names the base URL in the banner while each configuration sets its own', () => {
    expect(
      placed({ baseUrlMode: 'per_configuration' }, 'definition.baseUrl', 'At most 2000 characters.'),
    ).toEqual({
      field: undefined,
      message: 'Base URL: At most 2000 characters.',
    });
  });
});
