/**
 * The authorization types that only add a header or a query parameter: none, API key, bearer,
 * basic. (Kept together: each is a few lines, and they share nothing with the token flows.)
 */
import type { Authorizer } from '../authorizer';

export const noneAuthorizer: Authorizer = {
  type: 'none',
  authorize: (request) => Promise.resolve(request),
  secretsOf: () => [],
};

export const apiKeyAuthorizer: Authorizer = {
  type: 'apiKey',
  authorize: (request, context) => {
    if (context.settings.type !== 'apiKey') throw new Error('apiKey authorizer given other settings');
    const key = context.credentials.require('apiKey');
    if (context.settings.placement === 'query') {
      const url = new URL(request.url);
      url.searchParams.set(context.settings.name, key);
      return Promise.resolve({ ...request, url });
    }
    return Promise.resolve({
      ...request,
      headers: { ...request.headers, [context.settings.name.toLowerCase()]: key },
    });
  },
  secretsOf: (context) => [context.credentials.get('apiKey') ?? ''],
};

export const bearerAuthorizer: Authorizer = {
  type: 'bearer',
  authorize: (request, context) =>
    Promise.resolve({
      ...request,
      headers: { ...request.headers, authorization: `Bearer ${context.credentials.require('token')}` },
    }),
  secretsOf: (context) => [context.credentials.get('token') ?? ''],
};

const basicValue = (username: string, password: string) =>
  Buffer.from(`${username}:${password}`, 'utf8').toString('base64');

export const basicAuthorizer: Authorizer = {
  type: 'basic',
  authorize: (request, context) => {
    const value = basicValue(
      context.credentials.require('username'),
      context.credentials.require('password'),
    );
    return Promise.resolve({ ...request, headers: { ...request.headers, authorization: `Basic ${value}` } });
  },
  secretsOf: (context) => {
    const password = context.credentials.get('password') ?? '';
    return [password, basicValue(context.credentials.get('username') ?? '', password)];
  },
};
