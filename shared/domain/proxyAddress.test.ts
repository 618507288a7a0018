import { describe, expect, it } from 'vitest';
import { splitProxyPassword, withProxyPassword } from './proxyAddress';

describe('splitProxyPassword', () => {
  it.each([
    ['http://proxy:3128', 'http://proxy:3128', undefined],
    ['http://ops:s3cret@proxy:3128', 'http://ops@proxy:3128', 's3cret'],
    ['https://ops:s3cret@proxy:3128/path?q=1', 'https://ops@proxy:3128/path?q=1', 's3cret'],
    ['http://:s3cret@proxy:3128', 'http://proxy:3128', 's3cret'],
    ['http://ops@proxy:3128', 'http://ops@proxy:3128', undefined],
    ['http://ops:@proxy:3128', 'http://ops@proxy:3128', undefined],
    ['http://ops:p%40ss%3Aword@proxy:3128', 'http://ops@proxy:3128', 'p@ss:word'],
    ['http://ops:p@ss@proxy:3128', 'http://ops@proxy:3128', 'p@ss'],
    ['http://ops:100%@proxy:3128', 'http://ops@proxy:3128', '100%'],
    ['proxy:3128', 'proxy:3128', undefined],
    ['', '', undefined],
  ])('reads %s as %s with password %s', (given, url, password) => {
    expect(splitProxyPassword(given)).toEqual({ url, password });
  });
});

describe('withProxyPassword', () => {
  it.each([
    ['http://ops@proxy:3128', 's3cret', 'http://ops:s3cret@proxy:3128'],
    ['http://proxy:3128/', 's3cret', 'http://:s3cret@proxy:3128/'],
    ['http://ops@proxy:3128', 'p@ss:word', 'http://ops:p%40ss%3Aword@proxy:3128'],
    ['http://ops:old@proxy:3128', 'new', 'http://ops:new@proxy:3128'],
    ['http://ops@proxy:3128', undefined, 'http://ops@proxy:3128'],
    ['not an address', 's3cret', 'not an address'],
  ])('writes the password into %s', (url, password, expected) => {
    expect(withProxyPassword(url, password)).toBe(expected);
  });

  it('round-trips any password through the address', () => {
    for (const password of ['p@ss:w/rd?#', '100%', 'ünïcode', ' spaced ']) {
      expect(splitProxyPassword(withProxyPassword('http://ops@proxy:3128', password)).password).toBe(
        password,
      );
    }
  });
});
