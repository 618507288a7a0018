/** API key: the `apiKey` credential in a header or a query parameter named by the settings. */
import type { Authorizer } from '../authorizer';
import { credentialValuesOf, settingsOfType } from './authorizerSettings';

/** Sets the key as a header (`settings.placement === 'header'`) or a query parameter. */
export const apiKeyAuthorizer: Authorizer = {
  type: 'apiKey',
  authorize: async (request, context) => {
    const settings = settingsOfType(context, 'apiKey');
    const key = context.credentials.require('apiKey');
    if (settings.placement === 'query') {
      const url = new URL(request.url);
      url.searchParams.set(settings.name, key);
      return { ...request, url };
    }
    return {
      ...request,
      headers: { ...request.headers, [settings.name.toLowerCase()]: key },
    };
  },
  secretsOf: (context) => credentialValuesOf(context),
};
