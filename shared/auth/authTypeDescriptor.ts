/**
 * What an authorization type declares about itself, once, for every layer: its settings (part of
 * the integration's definition, never secret), how the connection form draws them, the credential
 * fields a configuration fills, and the settings a newly picked type starts with. Everything here
 * is data — conditions included — so the form, the configuration form, the backend's credential
 * checks and `GET /api` all read the same declaration.
 */
import type { z } from 'zod';

/**
 * Where a credential lives: `text` and `textFile` (a pasted PEM certificate) are plain values a
 * configuration lists; `secret` and `secretFile` (a key file read in the window) are write-only,
 * stored encrypted and shown as ••••.
 */
export type CredentialKind = 'text' | 'secret' | 'secretFile' | 'textFile';

/** A value a configuration supplies for its integration's authorization, for the settings in force. */
export interface CredentialField {
  name: string;
  label: string;
  kind: CredentialKind;
  isRequired: boolean;
  help?: string;
}

/** Whether a field's value is write-only (stored encrypted, listed as ••••). */
export const isSecretField = (field: Pick<CredentialField, 'kind'>): boolean =>
  field.kind === 'secret' || field.kind === 'secretFile';

/** A settings value by name, or one level down (`timestamp.headerName`). */
export type SettingsPath<S> = {
  [K in keyof S & string]: S[K] extends readonly unknown[]
    ? K
    : S[K] extends object
      ? K | `${K}.${keyof S[K] & string}`
      : K;
}[keyof S & string];

/** The type of the value at a settings path. */
export type SettingsValueAt<S, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof S
    ? SettingsValueAt<S[K], Rest>
    : never
  : P extends keyof S
    ? S[P]
    : never;

/** Holds while the value at every listed path is one of the values given for it. */
export type SettingsCondition<S> = {
  readonly [P in SettingsPath<S>]?: readonly SettingsValueAt<S, P>[];
};

/** A credential field as a type declares it: asked for and required depending on the settings. */
export interface CredentialFieldDeclaration<S> {
  name: string;
  label: string;
  kind: CredentialKind;
  help?: string;
  /** Required always, never, or while the settings match the condition. */
  isRequired: boolean | SettingsCondition<S>;
  /** Asked for only while the settings match; absent: always. One name may be declared once per case. */
  when?: SettingsCondition<S>;
}

/** One choice of a select; `alsoSets` changes other settings with it (a new algorithm's key format). */
export interface SettingsOption {
  value: string;
  label: string;
  alsoSets?: Readonly<Record<string, unknown>>;
}

/** How the connection form edits one settings value. */
export type SettingsControl =
  | { kind: 'text' }
  | { kind: 'select'; options: readonly SettingsOption[] }
  /** A whole number; an emptied field stands for `emptyValue`. */
  | { kind: 'number'; emptyValue: number | null }
  | { kind: 'checkbox' }
  /** A JSON object typed as text, kept as typed while it is not one, with `shapeMessage` saying so. */
  | { kind: 'jsonObject'; placeholder: string; shapeMessage: string };

/** One settings value in the connection form. */
export interface SettingsFieldDeclaration<S> {
  path: SettingsPath<S>;
  label: string;
  hint?: string;
  control: SettingsControl;
  /** Fields with the same row name, one after another, sit side by side. */
  row?: string;
  /** Shown only while the settings match; absent: always. */
  when?: SettingsCondition<S>;
}

/** The settings schema of one type: an object whose `type` is the type's name. */
export type AuthSettingsObjectSchema<T extends string> = z.ZodObject<
  { type: z.ZodLiteral<T> } & z.ZodRawShape
>;

/** Everything one authorization type declares; see README.md beside the registry. */
export interface AuthTypeDescriptor<T extends string, Schema extends AuthSettingsObjectSchema<T>> {
  type: T;
  /** The name in the type picker. */
  displayName: string;
  settingsSchema: Schema;
  /** The settings a newly picked type starts with (URLs the user must fill are empty). */
  defaults: z.output<Schema>;
  /** A line under the type picker, e.g. that each configuration supplies the credentials. */
  note?: string;
  settingsFields: readonly SettingsFieldDeclaration<z.output<Schema>>[];
  credentialFields: readonly CredentialFieldDeclaration<z.output<Schema>>[];
}

/** A condition with its paths untyped, as the registry's lookups hand it out. */
export type LooseSettingsCondition = Readonly<Partial<Record<string, readonly unknown[]>>>;

/** Any type's descriptor, as the registry's lookups hand it out (paths and conditions untyped). */
export interface AnyAuthTypeDescriptor {
  type: string;
  displayName: string;
  settingsSchema: z.ZodObject;
  defaults: Readonly<Record<string, unknown>>;
  note?: string;
  settingsFields: readonly (Omit<SettingsFieldDeclaration<never>, 'path' | 'when'> & {
    path: string;
    when?: LooseSettingsCondition;
  })[];
  credentialFields: readonly (Omit<CredentialFieldDeclaration<never>, 'isRequired' | 'when'> & {
    isRequired: boolean | LooseSettingsCondition;
    when?: LooseSettingsCondition;
  })[];
}

/** Declares a type; the identity function that lets TypeScript check paths against the schema. */
export function defineAuthType<const T extends string, Schema extends AuthSettingsObjectSchema<T>>(
  descriptor: AuthTypeDescriptor<T, Schema>,
): AuthTypeDescriptor<T, Schema> {
  return descriptor;
}
