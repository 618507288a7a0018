import { describe, expect, it } from 'vitest';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { outputRefusalOf, sectionOfField } from './saveRefusal';

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
