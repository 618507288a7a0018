import { describe, expect, it } from 'vitest';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { authorizationErrorsOf, outputRefusalOf, sectionOfField } from './saveRefusal';

const draft = methodDefinitionSchema.parse({
  name: 'm',
  httpMethod: 'GET',
  query: [{ key: 'api_key', value: 'abc' }],
});

describe('sectionOfField', () => {
  it.each([
    ['definition.outputs.1.expression', 'outputs'],
    ['definition.outputs.0.name', 'outputs'],
    ['definition.headers.2.key', 'headers'],
    ['definition.body.text', 'body'],
    ['confirmTypedCredential', 'query'],
    ['definition.authorization.settings.tokenUrl', 'settings'],
    ['definition.authorization', 'settings'],
    ['definition.name', undefined],
  ])('opens the section of %s', (field, section) => {
    expect(sectionOfField(field, draft)).toBe(section);
  });
});

describe('outputRefusalOf', () => {
  it('places a refusal of an output at its row', () => {
    expect(outputRefusalOf({ field: 'definition.outputs.3.expression', message: 'm' })).toEqual({
      index: 3,
      message: 'm',
    });
    expect(outputRefusalOf({ field: 'definition.name', message: 'm' })).toBeUndefined();
    expect(outputRefusalOf(null)).toBeUndefined();
  });
});

describe('authorizationErrorsOf', () => {
  it('places a refusal of the method’s own authorization settings at its field', () => {
    const message = 'The token URL holds a user name or password.';
    expect(authorizationErrorsOf({ field: 'definition.authorization.settings.tokenUrl', message })).toEqual({
      'auth.tokenUrl': message,
    });
    expect(authorizationErrorsOf({ field: 'definition.outputs.0.name', message })).toEqual({});
    expect(authorizationErrorsOf(null)).toEqual({});
  });
});
