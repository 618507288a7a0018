/**
 * The one list of authorization types. Each entry is a descriptor in ./types; the settings
 * union, the type names, the credential fields of a configuration and a newly picked type's
 * settings all derive from it. Adding a type: README.md beside this file.
 */
import { z } from 'zod';
import type { AnyAuthTypeDescriptor, CredentialField } from './authTypeDescriptor';
import { matchesSettings } from './settingsPath';
import { apiKeyAuthType } from './types/apiKey';
import { basicAuthType } from './types/basic';
import { bearerAuthType } from './types/bearer';
import { hmacBodyAuthType } from './types/hmacBody';
import { jwtAssertionAuthType } from './types/jwtAssertion';
import { mtlsAuthType } from './types/mtls';
import { noneAuthType } from './types/none';
import { oauth2AuthType } from './types/oauth2';
import { x509BodyAuthType } from './types/x509Body';

/** Every authorization type, in the order the type picker lists them. */
export const authTypeDescriptors = [
  noneAuthType,
  apiKeyAuthType,
  bearerAuthType,
  basicAuthType,
  oauth2AuthType,
  jwtAssertionAuthType,
  hmacBodyAuthType,
  x509BodyAuthType,
  mtlsAuthType,
] as const;

type Descriptors = typeof authTypeDescriptors;

export type AuthType = Descriptors[number]['type'];

/** The type names, in the registry's order. */
export const authTypes: readonly AuthType[] = authTypeDescriptors.map((descriptor) => descriptor.type);

/** The settings schema of each descriptor of a tuple, as a tuple. */
type SettingsSchemasOf<T extends readonly unknown[]> = {
  readonly [K in keyof T]: T[K] extends { settingsSchema: infer Schema } ? Schema : never;
};

// map() forgets that the list is a tuple; the union needs each member's own schema type.
const settingsSchemas = authTypeDescriptors.map(
  (descriptor) => descriptor.settingsSchema,
) as unknown as SettingsSchemasOf<Descriptors>;

/** An authorization's settings: the union of every type's settings schema, told apart by `type`. */
export const authSettingsSchema = z.discriminatedUnion('type', settingsSchemas);
export type AuthSettings = z.infer<typeof authSettingsSchema>;

/** The settings of one type. */
export type AuthSettingsOf<T extends AuthType> = Extract<AuthSettings, { type: T }>;

const descriptorsByType = new Map<string, AnyAuthTypeDescriptor>(
  authTypeDescriptors.map((descriptor) => [descriptor.type, descriptor]),
);

/** The descriptor of a type; every type of AuthType has exactly one. */
export function authTypeDescriptorOf(type: AuthType): AnyAuthTypeDescriptor {
  const descriptor = descriptorsByType.get(type);
  if (descriptor === undefined) throw new Error(`No descriptor for the authorization type "${type}".`);
  return descriptor;
}

/** The settings a newly picked type starts with (a fresh copy). */
export function defaultAuthSettings<T extends AuthType>(type: T): AuthSettingsOf<T> {
  // Defaults are plain JSON; a copy keeps one form's edits out of the next form's defaults.
  return JSON.parse(JSON.stringify(authTypeDescriptorOf(type).defaults)) as AuthSettingsOf<T>;
}

/** The credential fields a configuration fills for these settings, in the descriptor's order. */
export function credentialFieldsFor(settings: AuthSettings): CredentialField[] {
  return authTypeDescriptorOf(settings.type)
    .credentialFields.filter((field) => matchesSettings(settings, field.when))
    .map(({ name, label, kind, help, isRequired }) => ({
      name,
      label,
      kind,
      isRequired: typeof isRequired === 'boolean' ? isRequired : matchesSettings(settings, isRequired),
      ...(help === undefined ? {} : { help }),
    }));
}
