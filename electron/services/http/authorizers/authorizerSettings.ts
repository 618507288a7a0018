/**
 * What every authorizer reads from its context: its own settings (narrowed to its type) and the
 * credential values of those settings, listed for masking.
 */
import type { AuthSettings, AuthType } from '../../../../shared/auth/authTypeRegistry';
import { credentialFieldsFor } from '../../../../shared/auth/authTypeRegistry';
import type { AuthorizationContext } from '../authorizer';

/** The context's settings, narrowed to the given type; a mismatch is a wiring bug, not user input. */
export function settingsOfType<T extends AuthType>(
  context: AuthorizationContext,
  type: T,
): Extract<AuthSettings, { type: T }> {
  if (context.settings.type !== type) {
    throw new Error(`The ${type} authorizer was given ${context.settings.type} settings.`);
  }
  return context.settings as Extract<AuthSettings, { type: T }>;
}

/** Every non-empty credential value the settings declare, in clear, so the HTTP layer can mask them. */
export function credentialValuesOf(context: AuthorizationContext): string[] {
  return credentialFieldsFor(context.settings)
    .map((field) => context.credentials.get(field.name) ?? '')
    .filter((value) => value !== '');
}
