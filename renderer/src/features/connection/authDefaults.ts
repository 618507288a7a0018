/** Labels of the authorization types and a fresh settings object for each, for the type picker. */
import type { AuthSettings, AuthType } from '../../../../shared/domain/authorization';

export const authTypeLabels: Readonly<Record<AuthType, string>> = {
  none: 'None',
  apiKey: 'API key',
  bearer: 'Bearer token',
  basic: 'Basic (user and password)',
  oauth2: 'OAuth 2.0',
  jwtAssertion: 'JWT assertion (RFC 7523)',
  hmacBody: 'Sign request body with a secret key (HMAC)',
  x509Body: 'Sign request body with an X.509 certificate',
  mtls: 'Mutual TLS (client certificate)',
};

export function defaultAuthSettings(type: AuthType): AuthSettings {
  switch (type) {
    case 'none':
    case 'bearer':
    case 'basic':
      return { type };
    case 'apiKey':
      return { type, name: 'X-API-Key', placement: 'header' };
    case 'oauth2':
      return {
        type,
        grantType: 'client_credentials',
        tokenUrl: '',
        authorizeUrl: '',
        scope: '',
        audience: '',
        clientAuthentication: 'header',
        defaultExpirySeconds: null,
      };
    case 'jwtAssertion':
      return {
        type,
        algorithm: 'RS256',
        keyFormat: 'pem',
        issuer: '',
        subject: '',
        audience: '',
        extraClaims: {},
        lifetimeSeconds: 300,
        tokenUrl: '',
        scope: '',
        exchangeFormat: 'form',
        defaultExpirySeconds: null,
      };
    case 'hmacBody':
      return {
        type,
        algorithm: 'sha256',
        headerName: 'X-Signature',
        encoding: 'hex',
        prefix: '',
        timestamp: { isEnabled: false, headerName: 'X-Timestamp', separator: '.' },
      };
    case 'x509Body':
      return { type, headerName: 'X-Signature', encoding: 'base64' };
    case 'mtls':
      return { type, certificateFormat: 'pem' };
  }
}
