import { describe, expect, it } from 'vitest';
import { methodDefinitionSchema } from '../domain/method';
import { methodVariables, pathParameters } from './methodVariables';

describe('methodVariables', () => {
  it('lists path parameters first, then template variables of every enabled field, once each', () => {
    const method = methodDefinitionSchema.parse({
      name: 'Add note',
      httpMethod: 'POST',
      path: '/tickets/{id}/notes/{{kind}}',
      query: [
        { key: 'lang', value: '{{lang}}' },
        { key: 'off', value: '{{disabled}}', isEnabled: false },
      ],
      headers: [{ key: 'X-Tenant', value: '{{config.halo.tenant}}' }],
      body: { kind: 'json', text: '{"note": "{{note}}", "id": {{id}}}' },
    });
    expect(methodVariables(method)).toEqual(['id', 'kind', 'lang', 'note']);
  });

  it('ignores a malformed field instead of failing', () => {
    const method = methodDefinitionSchema.parse({ name: 'x', httpMethod: 'GET', path: '/a/{{oops' });
    expect(methodVariables(method)).toEqual([]);
  });

  it('finds {id} parameters but not {{templates}}', () => {
    expect(pathParameters('/a/{id}/b/{{other}}/{child_id}')).toEqual(['id', 'child_id']);
  });
});
