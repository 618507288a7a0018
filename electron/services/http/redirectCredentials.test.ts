import { describe, expect, it } from 'vitest';
import type { PreparedRequest } from './authorizer';
import { additionsOf, redirectPolicyFor, withoutAdditions } from './redirectCredentials';
import { createSecretMasker } from './secretMasking';

const request = (url: string, extra: Partial<PreparedRequest> = {}): PreparedRequest => ({
  method: 'GET',
  url: new URL(url),
  headers: { accept: 'application/json' },
  body: undefined,
  ...extra,
});

const before = request('https://api.example:8443/items?page=2');
const after: PreparedRequest = {
  ...before,
  url: new URL('https://api.example:8443/items?page=2&api_key=k-123456'),
  headers: { ...before.headers, 'x-signature': 'sig', accept: 'application/json' },
  tls: { cert: 'CERT', key: 'KEY', passphrase: 'PASS', ca: 'CA' },
};
const noSecrets = () => createSecretMasker([]);
const policy = redirectPolicyFor(additionsOf(before, after), noSecrets);

describe('redirect credentials', () => {
  it('learns the headers, query values and client-certificate fields the authorizer added', () => {
    expect(additionsOf(before, after)).toEqual({
      headers: ['x-signature'],
      queryValues: ['k-123456'],
      tls: ['cert', 'key', 'passphrase'],
    });
  });

  it('counts a header the authorizer overwrote as added', () => {
    const typed = request('https://api.example/', { headers: { authorization: 'typed' } });
    const authorized = { ...typed, headers: { authorization: 'Bearer t' } };
    expect(additionsOf(typed, authorized).headers).toEqual(['authorization']);
  });

  it('keeps everything on a redirect within the origin', () => {
    const next = { ...after, url: new URL('https://api.example:8443/moved?api_key=k-123456') };
    expect(policy(next, after.url)).toBe(next);
  });

  it.each([
    ['another host', 'https://cdn.example:8443/moved'],
    ['another port', 'https://api.example:9443/moved'],
    ['https to http on the same host and port', 'http://api.example:8443/moved'],
  ])('drops the additions on a redirect to %s', (_name, target) => {
    const next = { ...after, url: new URL(`${target}?page=2&key=k-123456&next=%2Fx%3Fapi_key%3Dk-123456`) };
    const sent = policy(next, after.url);
    expect(sent?.headers).toEqual({ accept: 'application/json' });
    expect(sent?.url.toString()).toBe(`${target}?page=2`);
    expect(sent?.tls).toEqual({ ca: 'CA' });
  });

  it('leaves no tls at all when the authorizer set all of it', () => {
    const mtls = { ...before, tls: { pfx: Buffer.from('PFX') } };
    expect('tls' in withoutAdditions(mtls, additionsOf(before, mtls))).toBe(false);
  });

  it('keeps a query parameter the user wrote, and a short added value only where it is whole', () => {
    const short = { ...before, url: new URL('https://api.example:8443/items?page=2&k=ab') };
    const next = { ...short, url: new URL('https://cdn.example/x?page=2&k=ab&q=abc') };
    expect(redirectPolicyFor(additionsOf(before, short), noSecrets)(next, short.url)?.url.search).toBe(
      '?page=2&q=abc',
    );
  });
});

describe('redirect credentials: secrets the core knows but no authorizer added', () => {
  const secret = 'cfg s3cret/+&=';
  const typed = request('https://api.example/items', {
    headers: { accept: 'application/json', 'x-token': `T ${secret}`, 'x-trace': 'trace-1' },
  });
  const policyKnowing = (secrets: string[]) =>
    redirectPolicyFor(additionsOf(typed, typed), () => createSecretMasker(secrets));
  const hop = (url: string) => ({ ...typed, url: new URL(url) });
  const encoded = encodeURIComponent(secret);

  it('drops a header and query parameters carrying one, as written or percent-encoded', () => {
    const next = hop(`https://cdn.example/x?page=2&sig=${encoded}&key=pre-plain-9876&q=a%20b`);
    const sent = policyKnowing([secret, 'plain-9876'])(next, typed.url);
    expect(sent?.headers).toEqual({ accept: 'application/json', 'x-trace': 'trace-1' });
    expect(sent?.url.search).toBe('?page=2&q=a%20b');
  });

  it('drops a parameter whose name carries one, and one hidden in an encoded URL', () => {
    const next = hop(
      `https://cdn.example/x?${encoded}=1&next=${encodeURIComponent(`/y?s=${encoded}`)}&page=2`,
    );
    expect(policyKnowing([secret])(next, typed.url)?.url.search).toBe('?page=2');
  });

  it('drops userinfo carrying one, user name and password together', () => {
    const next = hop(`https://ada:${encoded}@cdn.example/x`);
    expect(policyKnowing([secret])(next, typed.url)?.url.toString()).toBe('https://cdn.example/x');
  });

  it('does not follow a hop whose path carries one, as written or percent-encoded', () => {
    expect(policyKnowing([secret])(hop(`https://cdn.example/cb/${encoded}`), typed.url)).toBeUndefined();
  });

  it('does not follow a hop that would re-post a body carrying one (307/308)', () => {
    const next = { ...hop('https://cdn.example/x'), body: Buffer.from(`{"token": "${secret}"}`) };
    expect(policyKnowing([secret])(next, typed.url)).toBeUndefined();
    const plain = { ...hop('https://cdn.example/x'), body: Buffer.from('{"note": "hello"}') };
    expect(policyKnowing([secret])(plain, typed.url)?.body?.toString()).toBe('{"note": "hello"}');
  });

  it('keeps everything on a redirect within the origin', () => {
    const next = hop(`https://api.example/moved?sig=${encoded}`);
    expect(policyKnowing([secret])(next, typed.url)).toBe(next);
  });

  it('does not look for a secret under 4 characters, as the masker does not mask one', () => {
    const short = { ...typed, headers: { 'x-pin': '123' } };
    const next = { ...short, url: new URL('https://cdn.example/x?pin=123') };
    const sent = redirectPolicyFor(additionsOf(short, short), () => createSecretMasker(['123']))(
      next,
      short.url,
    );
    expect(sent?.headers).toEqual({ 'x-pin': '123' });
    expect(sent?.url.search).toBe('?pin=123');
  });
});
