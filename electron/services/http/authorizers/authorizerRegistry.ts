/** The one list of authorization types: adding a type is one module plus one line here. */
import type { AuthType } from '../../../../shared/domain/authorization';
import type { Authorizer } from '../authorizer';
import { hmacBodyAuthorizer, x509BodyAuthorizer } from './bodySigningAuthorizers';
import { jwtAssertionAuthorizer } from './jwtAssertionAuthorizer';
import { mtlsAuthorizer } from './mtlsAuthorizer';
import { oauth2Authorizer } from './oauth2Authorizer';
import { apiKeyAuthorizer, basicAuthorizer, bearerAuthorizer, noneAuthorizer } from './simpleAuthorizers';

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

export function authorizerFor(type: AuthType): Authorizer {
  return authorizers[type];
}
