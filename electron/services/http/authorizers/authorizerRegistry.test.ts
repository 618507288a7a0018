/** The registry: every authorization type of the shared registry has its authorizer, and no other. */
import { describe, expect, it } from 'vitest';
import { authTypes } from '../../../../shared/auth/authTypeRegistry';
import { authorizerFor, authorizerTypes } from './authorizerRegistry';

describe('authorizer registry', () => {
  it.each(authTypes)('has an authorizer for %s', (type) => {
    // Typed as never missing; a type left out of the list reads as undefined here.
    const authorizer = authorizerFor(type) as ReturnType<typeof authorizerFor> | undefined;
    expect(authorizer?.type, `add ${type}'s authorizer to authorizerRegistry.ts`).toBe(type);
  });

  it('has an authorizer for exactly the types of the shared registry', () => {
    expect([...authorizerTypes].sort()).toEqual([...authTypes].sort());
  });
});
