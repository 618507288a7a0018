/**
 * The registry of authorization types: every descriptor is complete and consistent with its own
 * schema (so the generic form and the credential lists cannot point at settings that do not
 * exist), and the credential fields are those the configuration form has always asked for.
 */
import { describe, expect, it } from 'vitest';
import type { AnyAuthTypeDescriptor } from './authTypeDescriptor';
import {
  authSettingsSchema,
  authTypeDescriptorOf,
  authTypeDescriptors,
  authTypes,
  credentialFieldsFor,
  defaultAuthSettings,
  type AuthSettings,
} from './authTypeRegistry';
import { valueAtPath, withValueAtPath } from './settingsPath';

const descriptors: readonly AnyAuthTypeDescriptor[] = authTypeDescriptors;

/** Issues the type's schema reports at exactly this path. */
const issuesAt = (descriptor: AnyAuthTypeDescriptor, settings: object, path: string) =>
  (descriptor.settingsSchema.safeParse(settings).error?.issues ?? []).filter(
    (issue) => issue.path.join('.') === path,
  );

/** The defaults with every select set to each of its options in turn (and the defaults themselves). */
function settingsVariants(descriptor: AnyAuthTypeDescriptor): Record<string, unknown>[] {
  const variants: Record<string, unknown>[] = [{ ...descriptor.defaults }];
  for (const field of descriptor.settingsFields) {
    if (field.control.kind !== 'select') continue;
    for (const option of field.control.options) {
      variants.push(withValueAtPath({ ...descriptor.defaults }, field.path, option.value));
    }
  }
  return variants;
}

/** Every setting's path in `value` (objects walked into; a list or a scalar is one setting). */
function leafPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? leafPaths(inner as object, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('authorization type registry', () => {
  it.each(descriptors.map((descriptor) => [descriptor.type, descriptor] as const))(
    '%s: the form has a field for every setting (a setting without one can be set only by a file or a script)',
    (_type, descriptor) => {
      const formed = new Set(descriptor.settingsFields.map((field) => field.path));
      const unformed = leafPaths(descriptor.defaults).filter((path) => path !== 'type' && !formed.has(path));
      expect(unformed, "settings the descriptor's settingsFields do not declare").toEqual([]);
    },
  );

  it('lists each type once, by the name its descriptor and settings carry', () => {
    expect(new Set(authTypes).size).toBe(authTypes.length);
    for (const type of authTypes) {
      const descriptor = authTypeDescriptorOf(type);
      expect(descriptor.type).toBe(type);
      expect(descriptor.defaults.type).toBe(type);
      expect(descriptor.displayName).not.toBe('');
    }
  });

  it('reads every type through the settings union', () => {
    expect(authSettingsSchema.options.map((schema) => schema.shape.type.value)).toEqual(authTypes);
  });

  it.each(descriptors.map((descriptor) => [descriptor.type, descriptor] as const))(
    '%s: the defaults hold every setting of the schema and nothing else',
    (_type, descriptor) => {
      expect(Object.keys(descriptor.defaults).sort()).toEqual(
        Object.keys(descriptor.settingsSchema.shape).sort(),
      );
    },
  );

  it.each(descriptors.map((descriptor) => [descriptor.type, descriptor] as const))(
    '%s: every form field and condition names a setting that exists',
    (_type, descriptor) => {
      const conditions = [
        ...descriptor.settingsFields.map((field) => field.when),
        ...descriptor.credentialFields.flatMap((field) => [
          field.when,
          typeof field.isRequired === 'boolean' ? undefined : field.isRequired,
        ]),
      ];
      const paths = [
        ...descriptor.settingsFields.map((field) => field.path),
        ...conditions.flatMap((condition) => Object.keys(condition ?? {})),
      ];
      for (const path of paths) expect(valueAtPath(descriptor.defaults, path), path).not.toBeUndefined();
    },
  );

  it.each(descriptors.map((descriptor) => [descriptor.type, descriptor] as const))(
    '%s: every option of a select is a value the schema takes, and only those are',
    (_type, descriptor) => {
      for (const field of descriptor.settingsFields) {
        if (field.control.kind !== 'select') continue;
        for (const option of field.control.options) {
          const settings = withValueAtPath({ ...descriptor.defaults }, field.path, option.value);
          expect(issuesAt(descriptor, settings, field.path), `${field.path}=${option.value}`).toEqual([]);
        }
        const stranger = withValueAtPath({ ...descriptor.defaults }, field.path, 'not-an-option');
        expect(issuesAt(descriptor, stranger, field.path)).not.toEqual([]);
      }
    },
  );

  it.each(descriptors.map((descriptor) => [descriptor.type, descriptor] as const))(
    '%s: asks for each credential at most once, whatever the settings',
    (_type, descriptor) => {
      for (const settings of settingsVariants(descriptor)) {
        const names = credentialFieldsFor(settings as AuthSettings).map((field) => field.name);
        expect(new Set(names).size, JSON.stringify(settings)).toBe(names.length);
      }
    },
  );

  it('hands out a fresh copy of the defaults each time', () => {
    const first = defaultAuthSettings('hmacBody');
    first.timestamp.isEnabled = true;
    expect(defaultAuthSettings('hmacBody').timestamp.isEnabled).toBe(false);
  });
});

/** [settings, expected fields as name:kind(!required)] — what the configuration form asks for. */
const credentialCases: [Record<string, unknown>, string[]][] = [
  [{ type: 'none' }, []],
  [{ type: 'apiKey', name: 'X-Key' }, ['apiKey:secret!']],
  [{ type: 'bearer' }, ['token:secret!']],
  [{ type: 'basic' }, ['username:text!', 'password:secret!']],
  [{ type: 'oauth2', grantType: 'client_credentials' }, ['clientId:text!', 'clientSecret:secret!']],
  [
    { type: 'oauth2', grantType: 'password' },
    ['clientId:text!', 'clientSecret:secret!', 'username:text!', 'password:secret!'],
  ],
  [{ type: 'oauth2', grantType: 'authorization_code' }, ['clientId:text!', 'clientSecret:secret!']],
  [{ type: 'oauth2', grantType: 'authorization_code_pkce' }, ['clientId:text!', 'clientSecret:secret']],
  [{ type: 'jwtAssertion', algorithm: 'HS256', keyFormat: 'secret' }, ['signingKey:secret!']],
  [{ type: 'jwtAssertion', algorithm: 'RS256', keyFormat: 'pem' }, ['signingKey:secretFile!']],
  [
    { type: 'jwtAssertion', algorithm: 'PS256', keyFormat: 'pfx' },
    ['signingKey:secretFile!', 'passphrase:secret'],
  ],
  [{ type: 'hmacBody' }, ['signingKey:secret!']],
  [{ type: 'x509Body' }, ['privateKey:secretFile!']],
  [
    { type: 'mtls', certificateFormat: 'pem' },
    ['certificate:textFile!', 'privateKey:secretFile!', 'passphrase:secret', 'ca:textFile'],
  ],
  [{ type: 'mtls', certificateFormat: 'pfx' }, ['pfx:secretFile!', 'passphrase:secret', 'ca:textFile']],
];

describe('credential fields', () => {
  it.each(credentialCases)('%j asks for %j', (settings, expected) => {
    const parsed = authSettingsSchema.parse({ tokenUrl: 'https://idp.example/token', ...settings });
    const fields = credentialFieldsFor(parsed).map(
      (field) => `${field.name}:${field.kind}${field.isRequired ? '!' : ''}`,
    );
    expect(fields).toEqual(expected);
  });

  it('labels a field by the settings it is asked for under', () => {
    const labelOf = (settings: Record<string, unknown>, name: string) =>
      credentialFieldsFor(
        authSettingsSchema.parse({ tokenUrl: 'https://idp.example/token', ...settings }),
      ).find((field) => field.name === name)?.label;
    expect(labelOf({ type: 'jwtAssertion', algorithm: 'HS256', keyFormat: 'secret' }, 'signingKey')).toBe(
      'Shared secret',
    );
    expect(labelOf({ type: 'jwtAssertion', algorithm: 'RS256', keyFormat: 'pfx' }, 'signingKey')).toBe(
      'Certificate (PFX)',
    );
    expect(labelOf({ type: 'mtls', certificateFormat: 'pem' }, 'passphrase')).toBe('Key passphrase');
    expect(labelOf({ type: 'mtls', certificateFormat: 'pfx' }, 'passphrase')).toBe('PFX passphrase');
  });
});
