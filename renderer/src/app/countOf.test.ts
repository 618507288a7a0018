import { describe, expect, it } from 'vitest';
import { countOf } from './countOf';

describe('countOf', () => {
  it('names one thing in the singular and any other count in the plural', () => {
    expect(countOf(1, 'problem')).toBe('1 problem');
    expect(countOf(0, 'output')).toBe('0 outputs');
    expect(countOf(2, 'line')).toBe('2 lines');
    expect(countOf(1, 'secret set', 'secrets set')).toBe('1 secret set');
    expect(countOf(3, 'secret set', 'secrets set')).toBe('3 secrets set');
  });
});
