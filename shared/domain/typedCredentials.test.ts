import { describe, expect, it } from 'vitest';
import type { KeyValueRow } from './method';
import { typedCredentialPlace, typedCredentialsOf } from './typedCredentials';

const row = (key: string, value: string, isEnabled = true): KeyValueRow => ({
  key,
  value,
  description: '',
  isEnabled,
});

describe('typedCredentialsOf', () => {
  it('finds credential headers and query parameters holding typed values', () => {
    expect(
      typedCredentialsOf({
        headers: [
          row('Accept', 'application/json'),
          row('Authorization', 'Bearer abc123'),
          row(' x-api-key ', 'k-42'),
        ],
        query: [row('page', '2'), row('api_key', 'abc')],
      }),
    ).toEqual([
      { location: 'header', index: 1, key: 'Authorization', value: 'Bearer abc123' },
      { location: 'header', index: 2, key: 'x-api-key', value: 'k-42' },
      { location: 'query', index: 1, key: 'api_key', value: 'abc' },
    ]);
  });

  it('leaves out values filled from a variable, empty values and switched-off rows', () => {
    expect(
      typedCredentialsOf({
        headers: [
          row('Authorization', 'Bearer {{config.halo.token}}'),
          row('Cookie', '  '),
          row('X-Api-Key', 'k-42', false),
        ],
        query: [row('token', '{{inputs.token}}')],
      }),
    ).toEqual([]);
  });
});

describe('typedCredentialPlace', () => {
  it('names the row as a message says it', () => {
    expect(typedCredentialPlace({ location: 'header', index: 0, key: 'Authorization', value: 'x' })).toBe(
      'the header Authorization',
    );
    expect(typedCredentialPlace({ location: 'query', index: 0, key: 'api_key', value: 'x' })).toBe(
      'the query parameter api_key',
    );
  });
});
