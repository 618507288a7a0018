/** "None": the request leaves as it is. */
import type { Authorizer } from '../authorizer';

/** Adds nothing and has nothing to mask. */
export const noneAuthorizer: Authorizer = {
  type: 'none',
  authorize: async (request) => request,
  secretsOf: () => [],
};
