/**
 * GET /api's description of a configuration's credentials: the input of configurations.create
 * and .update names, per authorization type, the credentials it reads from `values` and
 * `secrets`, taken from the types' descriptors.
 */
import { describe, expect, it } from 'vitest';
import { isSecretField } from '../../shared/auth/authTypeDescriptor';
import { authTypeDescriptors } from '../../shared/auth/authTypeRegistry';
import { describeApi } from './httpApi';

interface Branch {
  title: string;
  properties?: Record<string, { description: string }>;
}
interface RecordSchema {
  description: string;
  anyOf: Branch[];
}
interface Description {
  calls: { name: string; input: { properties: Record<string, RecordSchema> } }[];
}

// Describing every call takes a moment: once for the file.
const description = JSON.parse(JSON.stringify(describeApi())) as Description;

function credentialSchema(call: string, place: 'values' | 'secrets'): RecordSchema {
  const schema = description.calls.find((entry) => entry.name === call)?.input.properties[place];
  if (schema === undefined) throw new Error(`${call} has no ${place} in GET /api`);
  return schema;
}

/** The names the branch of one type lists. */
const namesOf = (schema: RecordSchema, type: string) =>
  Object.keys(schema.anyOf.find((branch) => branch.title.startsWith(`${type}:`))?.properties ?? {});

describe('GET /api: credential names per authorization type', () => {
  it.each(['configurations.create', 'configurations.update'])(
    '%s names bearer’s token and basic’s password among secrets, basic’s username among values',
    (call) => {
      const secrets = credentialSchema(call, 'secrets');
      expect(namesOf(secrets, 'bearer')).toEqual(['token']);
      expect(namesOf(secrets, 'basic')).toEqual(['password']);
      expect(secrets.description).toContain('bearer: token');
      expect(namesOf(credentialSchema(call, 'values'), 'basic')).toEqual(['username']);
    },
  );

  it('lists every credential of every type in its place, saying when it is asked for', () => {
    const secrets = credentialSchema('configurations.create', 'secrets');
    const values = credentialSchema('configurations.create', 'values');
    for (const descriptor of authTypeDescriptors) {
      for (const field of descriptor.credentialFields) {
        const schema = isSecretField(field) ? secrets : values;
        expect(namesOf(schema, descriptor.type), `${descriptor.type}.${field.name}`).toContain(field.name);
      }
    }
    const oauth2Password = secrets.anyOf.find((branch) => branch.title.startsWith('oauth2:'))?.properties
      ?.password;
    expect(oauth2Password?.description).toContain('when grantType is password');
  });

  it('leaves room for the names of a Secrets-only integration’s own fields', () => {
    expect(credentialSchema('configurations.create', 'secrets').anyOf.at(-1)).toMatchObject({
      type: 'object',
      additionalProperties: { type: ['string', 'null'] },
    });
  });
});
