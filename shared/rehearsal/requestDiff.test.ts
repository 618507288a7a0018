import { describe, expect, it } from 'vitest';
import { matchesRecorded, requestDiff } from './requestDiff';

const request = (method: string, url: string, body: string | null = null) => ({
  method,
  url,
  headers: {},
  body,
});

describe('requestDiff', () => {
  it.each([
    [
      'the same request',
      request('POST', 'http://api/t', '{"a":1}'),
      request('POST', 'http://api/t', '{"a":1}'),
      undefined,
    ],
    [
      'another method',
      request('POST', 'http://api/t'),
      request('PUT', 'http://api/t'),
      'method: recorded POST, now PUT',
    ],
    [
      'another URL',
      request('GET', 'http://api/t/1'),
      request('GET', 'http://api/t/2'),
      'url: recorded http://api/t/1, now http://api/t/2',
    ],
    [
      'another body',
      request('POST', 'http://api/t', '{"title":"old"}'),
      request('POST', 'http://api/t', '{"title":"new"}'),
      'body: recorded "{\\"title\\":\\"old\\"}", now "{\\"title\\":\\"new\\"}"',
    ],
    [
      'a masked key the replay leaves out',
      request('GET', 'http://api/t?key=••••&q=1'),
      request('GET', 'http://api/t?q=1'),
      undefined,
    ],
    [
      'a masked secret in the body',
      request('POST', 'http://api/t', '{"token":"••••"}'),
      request('POST', 'http://api/t', '{"token":""}'),
      undefined,
    ],
  ])('%s', (_name, recorded, now, diff) => {
    expect(requestDiff(recorded, now)).toBe(diff);
  });

  it('matches •••• to any text, and nothing else loosely', () => {
    expect(matchesRecorded('a••••c', 'abbbc')).toBe(true);
    expect(matchesRecorded('a.c', 'abc')).toBe(false);
    expect(matchesRecorded('••••', '')).toBe(true);
    expect(matchesRecorded('ab••••ba', 'aba')).toBe(false);
    expect(matchesRecorded('a••••b••••a', 'aba')).toBe(true);
    expect(matchesRecorded('a••••b••••c', 'acb')).toBe(false);
    expect(matchesRecorded('{"k":"••••","j":"••••"}', '{"k":"1","j":"2","j":"3"}')).toBe(true);
  });

  it('answers at once for a body with many masked values that differs (it backtracked for minutes)', () => {
    const recorded = `${'••••"x"'.repeat(8)}END`;
    expect(matchesRecorded(recorded, `${'"x"'.repeat(2_000)}NOPE`)).toBe(false);
    expect(matchesRecorded(recorded, `${'"x"'.repeat(2_000)}END`)).toBe(true);
  });
});
