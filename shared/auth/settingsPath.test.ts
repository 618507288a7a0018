/** Settings by path: reading, copying with a change, and conditions over them. */
import { describe, expect, it } from 'vitest';
import { describeCondition, matchesSettings, valueAtPath, withValueAtPath } from './settingsPath';

const settings = {
  type: 'hmacBody',
  encoding: 'hex',
  timestamp: { isEnabled: false, headerName: 'X-Timestamp' },
};

describe('settings paths', () => {
  it('reads a top-level and a nested value, and undefined for a missing one', () => {
    expect(valueAtPath(settings, 'encoding')).toBe('hex');
    expect(valueAtPath(settings, 'timestamp.headerName')).toBe('X-Timestamp');
    expect(valueAtPath(settings, 'timestamp.nope')).toBeUndefined();
    expect(valueAtPath(settings, 'encoding.length')).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(valueAtPath(settings, 'constructor')).toBeUndefined();
    expect(valueAtPath(settings, '__proto__')).toBeUndefined();
  });

  it('changes a nested value in a copy, leaving the original and its siblings as they were', () => {
    const changed = withValueAtPath(settings, 'timestamp.isEnabled', true);
    expect(changed).toEqual({ ...settings, timestamp: { isEnabled: true, headerName: 'X-Timestamp' } });
    expect(settings.timestamp.isEnabled).toBe(false);
  });

  it('holds a condition when every listed path has one of its values', () => {
    expect(matchesSettings(settings, undefined)).toBe(true);
    expect(matchesSettings(settings, { encoding: ['hex', 'base64'] })).toBe(true);
    expect(matchesSettings(settings, { encoding: ['hex'], 'timestamp.isEnabled': [true] })).toBe(false);
  });

  it('puts a condition in words', () => {
    expect(describeCondition({ grantType: ['password'], keyFormat: ['pem', 'pfx'] })).toBe(
      'grantType is password and keyFormat is pem or pfx',
    );
  });
});
