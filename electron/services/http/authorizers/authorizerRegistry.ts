/**
 * The authorizer of each authorization type, keyed by the shared registry's types
 * (shared/auth/authTypeRegistry.ts): adding a type is its descriptor there, one module here and
 * one line in this list.
 */
import type { AuthType } from '../../../../shared/auth/authTypeRegistry';
import type { Authorizer } from '../authorizer';
import { apiKeyAuthorizer } from './apiKeyAuthorizer';
import { basicAuthorizer } from './basicAuthorizer';
import { bearerAuthorizer } from './bearerAuthorizer';
import { hmacBodyAuthorizer } from './hmacBodyAuthorizer';
import { jwtAssertionAuthorizer } from './jwtAssertionAuthorizer';
import { mtlsAuthorizer } from './mtlsAuthorizer';
import { noneAuthorizer } from './noneAuthorizer';
import { oauth2Authorizer } from './oauth2Authorizer';
import { x509BodyAuthorizer } from './x509BodyAuthorizer';

const authorizers: Readonly<Record<AuthType, Authorizer>> = {
  none: noneAuthorizer,
  apiKey: apiKeyAuthorizer,
  bearer: bearerAuthorizer,
  basic: basicAuthorizer,
  oauth2: oauth2Authorizer,
  jwtAssertion: jwtAssertionAuthorizer,
  hmacBody: hmacBodyAuthorizer,
  x509Body: x509BodyAuthorizer,
  mtls: mtlsAuthorizer,
};

/** The types this registry has an authorizer for (a test compares them with the shared registry). */
export const authorizerTypes: readonly string[] = Object.keys(authorizers);

/** The authorizer for a type; every type has exactly one. */
export function authorizerFor(type: AuthType): Authorizer {
  return authorizers[type];
}
