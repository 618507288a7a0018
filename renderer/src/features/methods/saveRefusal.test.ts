import { describe, expect, it } from 'vitest';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import {
  authorizationErrorsOf,
  outputRefusalOf,
  refusedAuthorizationPathOf,
  sectionOfField,
} from './saveRefusal';

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
  const ownOAuth = methodDefinitionSchema.parse({
    name: 'm',
    httpMethod: 'GET',
    authorization: {
      mode: 'override',
      settings: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://idp.example/token' },
    },
  });
  const message = 'The token URL holds a user name or password.';

  it('places a refusal of the method’s own authorization settings at its field', () => {
    expect(
      authorizationErrorsOf({ field: 'definition.authorization.settings.tokenUrl', message }, ownOAuth),
    ).toEqual({
      'auth.tokenUrl': message,
    });
    expect(authorizationErrorsOf({ field: 'definition.outputs.0.name', message }, ownOAuth)).toEqual({});
    expect(authorizationErrorsOf(null, ownOAuth)).toEqual({});
  });

  it('leaves to the message above the request line a setting the form shows no message at', () => {
    // A select shows none; the authorize URL is not shown for client credentials; an inherited
    // authorization shows no settings at all.
    for (const path of ['grantType', 'authorizeUrl']) {
      const error = { field: `definition.authorization.settings.${path}`, message };
      expect(refusedAuthorizationPathOf(error, ownOAuth)).toBeUndefined();
    }
    const error = { field: 'definition.authorization.settings.tokenUrl', message };
    expect(refusedAuthorizationPathOf(error, draft)).toBeUndefined();
    expect(refusedAuthorizationPathOf(error, ownOAuth)).toBe('tokenUrl');
  });
});
