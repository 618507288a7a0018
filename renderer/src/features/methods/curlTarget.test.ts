import { describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../../shared/domain/integrationDefinition';
import { curlTargetOf, pathBelowBaseUrl } from './curlTarget';

const defined = (fields: Record<string, unknown>) => integrationDefinitionSchema.parse(fields);

describe('curlTargetOf', () => {
  it('takes the command’s origin as the base URL when there is none yet', () => {
    expect(curlTargetOf(defined({}), 'https://api.example.com')).toEqual({ kind: 'adoptOrigin' });
  });

  it('keeps the path relative for the same origin, whatever the case or default port', () => {
    expect(
      curlTargetOf(defined({ baseUrl: 'HTTPS://API.example.com:443/v1' }), 'https://api.example.com'),
    ).toEqual({ kind: 'relative', baseUrl: 'HTTPS://API.example.com:443/v1' });
  });

  it('asks for another origin, another port, or a base URL that cannot be compared', () => {
    for (const baseUrl of [
      'http://127.0.0.1:18080',
      'https://api.example.com:8443',
      'https://{{config.a.b}}.example.com',
    ])
      expect(curlTargetOf(defined({ baseUrl }), 'https://api.example.com')).toEqual({
        kind: 'ask',
        integrationBaseUrl: baseUrl,
        commandOrigin: 'https://api.example.com',
      });
  });

  it('asks nothing when each configuration has its own base URL', () => {
    expect(curlTargetOf(defined({ baseUrlMode: 'per_configuration' }), 'https://api.example.com')).toEqual({
      kind: 'relative',
      baseUrl: '',
    });
  });
});

describe('pathBelowBaseUrl', () => {
  it.each([
    ['https://api.example.com/v1', '/v1/tickets', '/tickets'],
    ['https://api.example.com/v1/', '/v1/tickets', '/tickets'],
    ['https://api.example.com/v1', '/v10/tickets', '/v10/tickets'],
    ['https://api.example.com', '/tickets', '/tickets'],
    ['not a url', '/v1/tickets', '/v1/tickets'],
  ])('%s and %s give %s', (baseUrl, path, relative) => {
    expect(pathBelowBaseUrl(baseUrl, path)).toBe(relative);
  });
});
