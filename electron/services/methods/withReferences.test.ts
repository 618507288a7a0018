/** A step's variables with its method's {{config.…}} values laid over them. */
import { describe, expect, it } from 'vitest';
import { withReferences } from './withReferences';

describe('withReferences', () => {
  it('lays the configuration values over the step’s variables, leaving both as they were', () => {
    const variables = { id: '7', config: 'mine' };
    const scope = { config: { crm: { region: 'eu' } } };
    expect(withReferences(variables, scope)).toEqual({ id: '7', config: { crm: { region: 'eu' } } });
    expect(variables).toEqual({ id: '7', config: 'mine' });
  });

  it('keeps a variable named __proto__ as a variable, not as the object’s prototype', () => {
    const variables = JSON.parse('{"__proto__": "x", "a": 1}') as Record<string, unknown>;
    const merged = withReferences(variables, {});
    expect(Object.keys(merged)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
