/**
 * Where in the method editor a refused save belongs: the backend names the field at fault
 * (`definition.outputs.1.expression`, `confirmTypedCredential`); the editor opens the section
 * that holds it and shows the message at its row.
 */
import { authTypeDescriptorOf } from '../../../../shared/auth/authTypeRegistry';
import { matchesSettings } from '../../../../shared/auth/settingsPath';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { typedCredentialsOf } from '../../../../shared/domain/typedCredentials';

export type Section = 'query' | 'headers' | 'body' | 'outputs' | 'settings';

const outputField = /^definition\.outputs\.(\d+)(?:\.|$)/;
/** A method's own authorization settings, as the Settings section's fields name them (`auth.<path>`). */
const authorizationField = /^definition\.authorization(?:\.settings\.(.+))?(?:\.|$)/;

/** The section to open for a refusal of `field`, or undefined when it is not in a section. */
export function sectionOfField(field: string, draft: MethodDefinition): Section | undefined {
  if (field === 'confirmTypedCredential') {
    const [first] = typedCredentialsOf(draft);
    return first === undefined ? undefined : first.location === 'header' ? 'headers' : 'query';
  }
  if (outputField.test(field)) return 'outputs';
  if (authorizationField.test(field)) return 'settings';
  const [, part] = /^definition\.(query|headers|body)(?:\.|$)/.exec(field) ?? [];
  return part === undefined ? undefined : (part as Section);
}

/** The refusal to show at an output's row: which row, and the message. */
export function outputRefusalOf(
  error: { field: string; message: string } | null,
): { index: number; message: string } | undefined {
  const [, index] = error === null ? [] : (outputField.exec(error.field) ?? []);
  return error === null || index === undefined ? undefined : { index: Number(index), message: error.message };
}

/** The controls of authorization settings that show a message under them (a select or checkbox shows none). */
const controlsWithMessage = new Set(['text', 'number', 'jsonObject']);

/**
 * The path (`tokenUrl`) of the method's own authorization setting a refusal is about, when the
 * Settings section shows that setting with a message under it; else undefined, and the refusal
 * goes above the request line, named.
 */
export function refusedAuthorizationPathOf(
  error: { field: string; message: string } | null,
  draft: MethodDefinition,
): string | undefined {
  const [, path] = error === null ? [] : (authorizationField.exec(error.field) ?? []);
  const { authorization } = draft;
  if (path === undefined || authorization.mode !== 'override') return undefined;
  const shown = authTypeDescriptorOf(authorization.settings.type).settingsFields.find(
    (field) =>
      field.path === path &&
      controlsWithMessage.has(field.control.kind) &&
      matchesSettings(authorization.settings, field.when),
  );
  return shown?.path;
}

/**
 * A refusal of the method's own authorization settings, keyed as its fields read their errors
 * (the Connection tab's form: `auth.tokenUrl`), so it shows at the field at fault.
 */
export function authorizationErrorsOf(
  error: { field: string; message: string } | null,
  draft: MethodDefinition,
): Record<string, string> {
  const path = refusedAuthorizationPathOf(error, draft);
  return error === null || path === undefined ? {} : { [`auth.${path}`]: error.message };
}
