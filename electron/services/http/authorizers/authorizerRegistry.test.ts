/** The registry: every authorization type has its authorizer. */
import { describe, expect, it } from 'vitest';
import { authTypes } from '../../../../shared/auth/authTypeRegistry';
import { authorizerFor } from './authorizerRegistry';

describe('authorizer registry', () => {
  it.each(authTypes)('has an authorizer for %s', (type) => {
    expect(authorizerFor(type).type).toBe(type);
  });
});
