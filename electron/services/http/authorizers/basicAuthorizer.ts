/** Basic: `Authorization: Basic base64(user:password)` (RFC 7617, UTF-8). */
import type { Authorizer } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';

/** The header value's credential part: base64 of `username:password` in UTF-8. */
export function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/** Sends the configuration's username and password with every request. */
export const basicAuthorizer: Authorizer = {
  type: 'basic',
  authorize: async (request, context) => {
    settingsOfType(context, 'basic');
    const value = basicCredentials(
      context.credentials.require('username'),
      context.credentials.require('password'),
    );
    return { ...request, headers: { ...request.headers, authorization: `Basic ${value}` } };
  },
  // The encoded pair is as secret as the password it contains.
  secretsOf: (context) => {
    const values = credentialValuesOf(context);
    const password = context.credentials.get('password') ?? '';
    if (password === '') return values;
    return [...values, basicCredentials(context.credentials.get('username') ?? '', password)];
  },
};
