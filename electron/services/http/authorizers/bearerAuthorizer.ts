/** Bearer token: `Authorization: Bearer <token>` from the `token` credential. */
import type { Authorizer } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';

/** Sends the configured token as it is (RFC 6750 §2.1). */
export const bearerAuthorizer: Authorizer = {
  type: 'bearer',
  authorize: async (request, context) => {
    settingsOfType(context, 'bearer');
    const token = context.credentials.require('token');
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
  },
  secretsOf: (context) => credentialValuesOf(context),
};
