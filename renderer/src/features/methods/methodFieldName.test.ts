import { describe, expect, it } from 'vitest';
import { methodPartName } from './methodFieldName';

describe('the method part a refusal at Save is about', () => {
  it('is named as the editor shows it, rows numbered from 1', () => {
    expect(methodPartName('definition.path')).toBe('Endpoint path');
    expect(methodPartName('definition.query.2.value')).toBe('Query parameter 3');
    expect(methodPartName('definition.headers.0.name')).toBe('Header 1');
    expect(methodPartName('definition.outputs.1.expression')).toBe('Output 2');
    expect(methodPartName('definition.outputs')).toBe('Outputs');
    expect(methodPartName('definition.body.text')).toBe('Body');
  });

  it('is none for the name (marked at its field), another call’s field or no field', () => {
    expect(methodPartName('definition.name')).toBeUndefined();
    expect(methodPartName('confirmTypedCredential')).toBeUndefined();
    expect(methodPartName('')).toBeUndefined();
    expect(methodPartName(undefined)).toBeUndefined();
  });
});
