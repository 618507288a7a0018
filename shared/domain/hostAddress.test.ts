import { describe, expect, it } from 'vitest';
import { isHostOrIpAddress } from './hostAddress';

describe('isHostOrIpAddress', () => {
  it.each([
    '127.0.0.1',
    '0.0.0.0',
    '192.168.1.20',
    '::1',
    '::',
    '0:0:0:0:0:0:0:1',
    'fe80::1%eth0',
    '::ffff:192.0.2.1',
    '2001:db8::8a2e:370:7334',
    'localhost',
    'build-agent-7.corp.example',
    'a'.repeat(63),
  ])('accepts %s', (host) => {
    expect(isHostOrIpAddress(host)).toBe(true);
  });

  it.each([
    ['a NUL', '127.0.0.1\u0000'],
    ['a NUL inside a name', 'local\u0000host'],
    ['a space', 'local host'],
    ['a scheme', 'http://localhost'],
    ['a path', 'localhost/webhooks'],
    ['a port', 'localhost:8080'],
    ['brackets', '[::1]'],
    ['an octet over 255', '1.2.3.256'],
    ['three octets', '1.2.3'],
    ['two "::"', '1::2::3'],
    ['nine IPv6 groups', '1:2:3:4:5:6:7:8:9'],
    ['a label over 63 characters', 'a'.repeat(64)],
    ['a label starting with a hyphen', '-host'],
    ['an empty label', 'host..example'],
    ['over 253 characters', `${'a'.repeat(60)}.`.repeat(5)],
    ['non-ASCII letters', 'hôte'],
  ])('refuses %s', (_, host) => {
    expect(isHostOrIpAddress(host)).toBe(false);
  });
});
