/**
 * What `GET /api` says about a configuration's `values` and `secrets`: the names each
 * authorization type reads there, drawn from the descriptors. Which names apply depends on the
 * integration the configuration belongs to, which the call's input does not carry, so this is
 * JSON Schema for readers (an `anyOf` with one branch per type, and one for a Secrets-only
 * integration's own fields); the configuration service, which knows the integration, checks it:
 * it refuses a credential among plain values, and a secret name the integration does not read.
 */
import { isSecretField, type AnyAuthTypeDescriptor } from './authTypeDescriptor';
import { authTypeDescriptors } from './authTypeRegistry';
import { describeCondition } from './settingsPath';

type Declaration = AnyAuthTypeDescriptor['credentialFields'][number];

/** Where a configuration keeps a credential: plain values, or write-only secrets. */
export type CredentialPlace = 'values' | 'secrets';

const placeOf = (field: Declaration): CredentialPlace => (isSecretField(field) ? 'secrets' : 'values');

/** "Password — required, when grantType is password. Help…" */
function describeDeclaration(field: Declaration): string {
  const required =
    typeof field.isRequired === 'boolean'
      ? field.isRequired
        ? 'required'
        : 'optional'
      : `required when ${describeCondition(field.isRequired)}`;
  const when = field.when === undefined ? '' : `, when ${describeCondition(field.when)}`;
  return `${field.label} — ${required}${when}.${field.help === undefined ? '' : ` ${field.help}`}`;
}

/** One type's names in that place, each described (a name declared per case gets every case). */
function branchOf(descriptor: AnyAuthTypeDescriptor, place: CredentialPlace) {
  const descriptions = new Map<string, string[]>();
  for (const field of descriptor.credentialFields) {
    if (placeOf(field) !== place) continue;
    descriptions.set(field.name, [...(descriptions.get(field.name) ?? []), describeDeclaration(field)]);
  }
  if (descriptions.size === 0) return undefined;
  const valueType = place === 'secrets' ? ['string', 'null'] : 'string';
  return {
    title: `${descriptor.type}: ${descriptor.displayName}`,
    type: 'object',
    properties: Object.fromEntries(
      [...descriptions].map(([name, texts]) => [name, { type: valueType, description: texts.join(' Or: ') }]),
    ),
    additionalProperties: false,
  };
}

/** The names per type in words, e.g. `bearer: token; basic: password; …`. */
function namesInWords(place: CredentialPlace): string {
  return authTypeDescriptors
    .map((descriptor) => {
      const names = new Set(
        descriptor.credentialFields.filter((f) => placeOf(f) === place).map((f) => f.name),
      );
      return names.size === 0 ? undefined : `${descriptor.type}: ${[...names].join(', ')}`;
    })
    .filter((text) => text !== undefined)
    .join('; ');
}

/** JSON Schema keywords (description, anyOf per type) for a configuration's `values` or `secrets`. */
export function credentialNamesSchema(place: CredentialPlace): Record<string, unknown> {
  const what =
    place === 'secrets'
      ? 'Write-only credentials by name: a string replaces, null or "" clears; a name the integration does not read is refused.'
      : 'Plain values by name, listed as they are; a credential kept secret is refused here (put it in secrets).';
  return {
    description:
      `${what} The names an integration's authorization reads here, by type — ${namesInWords(place)}. ` +
      "A Secrets-only integration uses its own fields' names.",
    anyOf: [
      ...authTypeDescriptors.flatMap((descriptor) => branchOf(descriptor, place) ?? []),
      {
        title: "Other names: a Secrets-only integration's own fields",
        type: 'object',
        additionalProperties: { type: place === 'secrets' ? ['string', 'null'] : 'string' },
      },
    ],
  };
}
