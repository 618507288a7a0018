/**
 * A user name or password written into an address among an authorization's settings (a token URL
 * `https://client:secret@idp.example/token`). Settings go into exported files in clear, so such an
 * address is refused where settings are saved or imported, and one stored before that is exported
 * without what stood before its @. Stored settings are read as they are: a refusal in their schema
 * would make an older row unreadable.
 */
import { withoutUserInfo } from '../domain/baseUrl';
import type { AuthSettings } from './authTypeRegistry';
import { authTypeDescriptorOf } from './authTypeRegistry';
import { valueAtPath, withValueAtPath } from './settingsPath';

export interface SettingsUserInfoProblem {
  /** The setting's path (`tokenUrl`), where the form shows it. */
  path: string;
  /** What is wrong and what to do, naming the address without what stood before the @. */
  message: string;
}

/** The settings' text fields that hold an address with a user name or password, with the address without it. */
function addressesWithUserInfo(settings: AuthSettings): { path: string; label: string; clean: string }[] {
  return authTypeDescriptorOf(settings.type).settingsFields.flatMap((field) => {
    const value = valueAtPath(settings, field.path);
    if (typeof value !== 'string') return [];
    const clean = withoutUserInfo(value.trim());
    return clean === value.trim() ? [] : [{ path: field.path, label: field.label, clean }];
  });
}

/** The first setting holding an address with a user name or password, or undefined. */
export function settingsUserInfoProblem(settings: AuthSettings): SettingsUserInfoProblem | undefined {
  const [found] = addressesWithUserInfo(settings);
  if (found === undefined) return undefined;
  return {
    path: found.path,
    message:
      `${found.label} holds a user name or password (before the @): it would go into exported files ` +
      `in clear. Use ${found.clean}; a client ID, secret or password goes in each configuration's ` +
      'credentials, which are never exported.',
  };
}

/** The settings with every address's user name and password taken out (as they go into a file). */
export function withoutSettingsUserInfo<S extends AuthSettings>(settings: S): S {
  return addressesWithUserInfo(settings).reduce(
    (cleaned, { path, clean }) => withValueAtPath(cleaned, path, clean),
    settings,
  );
}
