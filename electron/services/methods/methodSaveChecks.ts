/**
 * What saving a method refuses or asks to confirm (issue: refuse at save what cannot work): an
 * output variable whose expression does not parse would read nothing on every run, silently; a
 * credential typed into a header or query value, or into its own authorization's token URL, is
 * stored in clear and exported. Both rules live
 * in shared/, where the window uses them too.
 */
import { AppError } from '../../../shared/api/appError';
import { settingsUserInfoProblem } from '../../../shared/auth/settingsUserInfo';
import type { MethodDefinition } from '../../../shared/domain/method';
import {
  typedCredentialPlace,
  typedCredentialsOf,
  type TypedCredential,
} from '../../../shared/domain/typedCredentials';
import { firstOutputVariableProblem } from '../../../shared/expressions/outputVariableProblem';

export interface SaveOptions {
  /** The user has seen that a credential is typed into the method's headers or query, and keeps it. */
  confirmTypedCredential?: boolean;
}

/** Refuses an output variable that does not parse, naming it; `field` is where the definition sits in the call. */
export function assertOutputsReadable(definition: MethodDefinition, field = 'definition'): void {
  const problem = firstOutputVariableProblem(definition.outputs);
  if (problem === undefined) return;
  throw new AppError(
    'invalid_input',
    problem.message,
    `${field}.outputs.${String(problem.index)}.expression`,
  );
}

/**
 * Refuses (a conflict on `confirmTypedCredential`) a typed credential the user has not confirmed.
 * One the stored method already holds, same name and value, was confirmed when it was saved.
 */
export function assertTypedCredentialsConfirmed(
  definition: MethodDefinition,
  before: MethodDefinition | undefined,
  options: SaveOptions | undefined,
): void {
  if (options?.confirmTypedCredential === true) return;
  const identity = (credential: TypedCredential) =>
    JSON.stringify([credential.location, credential.key.toLowerCase(), credential.value]);
  const confirmed = new Set(before === undefined ? [] : typedCredentialsOf(before).map(identity));
  const fresh = typedCredentialsOf(definition).find((credential) => !confirmed.has(identity(credential)));
  if (fresh === undefined) return;
  throw new AppError(
    'conflict',
    `A credential is typed into ${typedCredentialPlace(fresh)}: it would be stored in clear and go into ` +
      "every export. Put it in the integration's authorization (Connection) and a configuration, " +
      'or save it here anyway.',
    'confirmTypedCredential',
  );
}

/**
 * Refuses an address of the method's own authorization (a token URL) with a user name or password
 * in it: the method goes into exported files in clear.
 */
export function assertAuthorizationWithoutUserInfo(definition: MethodDefinition): void {
  const { authorization } = definition;
  if (authorization.mode !== 'override') return;
  const problem = settingsUserInfoProblem(authorization.settings);
  if (problem === undefined) return;
  throw new AppError('invalid_input', problem.message, `definition.authorization.settings.${problem.path}`);
}
