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
    ['http://proxy:3128/a@b', 'http://proxy:3128/a@b', undefined],
  ])('reads %s as %s with password %s', (given, url, password) => {
    expect(splitProxyPassword(given)).toEqual({ url, password, isClean: true });
  });

  // Forms a WHATWG URL parser (the transport's) still reads a password from, though the text
  // does not look like user:password@host: the password is never left in the address.
  it.each([
    ['http://ops:pw\t@proxy:3128', 'http://ops@proxy:3128/', 'pw'],
    ['http://ops:pw\n@proxy:3128', 'http://ops@proxy:3128/', 'pw'],
    ['http://ops:p\tw@proxy:3128', 'http://ops@proxy:3128/', 'pw'],
    ['http:ops:pw@proxy:3128', 'http://ops@proxy:3128/', 'pw'],
    ['http:/ops:pw@proxy:3128', 'http://ops@proxy:3128/', 'pw'],
    ['http:\\\\ops:pw@proxy:3128', 'http://ops@proxy:3128/', 'pw'],
    [' http://ops:pw@proxy:3128', 'http://ops@proxy:3128/', 'pw'],
    ['socks5://ops:pw@proxy:1080', '', undefined],
    ['ops:pw@proxy:3128', '', undefined],
    ['http://ops:pw@', '', undefined],
    ['http://ops:pw@proxy:99999', '', undefined],
  ])('finds %j not cleanly split, and keeps no password in %j', (given, url, password) => {
    expect(splitProxyPassword(given)).toEqual({ url, password, isClean: false });
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
