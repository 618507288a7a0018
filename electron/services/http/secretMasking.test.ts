import { describe, expect, it } from 'vitest';
import { secretMask } from '../../../shared/domain/configuration';
import { createSecretMasker } from './secretMasking';

describe('createSecretMasker', () => {
  it('masks a secret raw, URL-encoded, form-encoded and JSON-escaped', () => {
    const mask = createSecretMasker(['p@ss word"1']);
    expect(mask.text('a=p@ss word"1')).toBe(`a=${secretMask}`);
    expect(mask.text('q=p%40ss%20word%221')).toBe(`q=${secretMask}`);
    expect(mask.text('f=p%40ss+word%221')).toBe(`f=${secretMask}`);
    expect(mask.text('{"k":"p@ss word\\"1"}')).toBe(`{"k":"${secretMask}"}`);
  });

  it('masks a secret as JSON writers other than JSON.stringify escape it', () => {
    const secret = 'wJal/rXUtn&<ü>😀"\\end';
    const mask = createSecretMasker([secret]);
    const forms = {
      php: '"wJal\\/rXUtn&<\\u00fc>\\ud83d\\ude00\\"\\\\end"',
      go: '"wJal/rXUtn\\u0026\\u003cü\\u003e😀\\"\\\\end"',
      pythonAscii: '"wJal/rXUtn&<\\u00fc>\\ud83d\\ude00\\"\\\\end"',
      upperHex: '"wJal/rXUtn&<\\u00FC>\\uD83D\\uDE00\\"\\\\end"',
      twice: JSON.stringify(JSON.stringify({ k: secret })),
    };
    for (const [writer, text] of Object.entries(forms)) {
      expect(text).not.toContain(secret);
      expect({ writer, masked: mask.text(text).includes(secretMask) }).toEqual({ writer, masked: true });
      expect(mask.text(text)).not.toContain('wJal');
    }
    // The forms decode to the secret: these are the API's own writing of it.
    expect(JSON.parse(forms.php)).toBe(secret);
    expect(JSON.parse(forms.go)).toBe(secret);
    expect(JSON.parse(forms.upperHex)).toBe(secret);
  });

  it('masks a secret however an echo percent-encodes its characters, in either case of hex', () => {
    const mask = createSecretMasker(['Zm9vYmFy+QUJD/REVG0g==', 'p@ss word']);
    for (const echo of [
      'Zm9vYmFy+QUJD%2FREVG0g%3D%3D',
      'Zm9vYmFy%2bQUJD%2fREVG0g%3d%3d',
      'Zm9vYmFy+QUJD/REVG0g%3D%3D',
      'p%40ss+word',
      'p@ss%20word',
    ])
      expect(mask.text(`url=/x?k=${echo}&n=1`)).toBe(`url=/x?k=${secretMask}&n=1`);
  });

  it('reads the characters of a secret as themselves, not as a pattern', () => {
    const mask = createSecretMasker(['a.b*c+(d)?[e]$^|\\']);
    expect(mask.text('aXbbbc+(d)?[e]$^|\\')).toBe('aXbbbc+(d)?[e]$^|\\');
    expect(mask.text('a.b*c%2B(d)%3F[e]$^|\\')).toBe(secretMask);
  });

  it('leaves text without secrets, and secrets under 4 characters, untouched', () => {
    const mask = createSecretMasker(['abc', 'longer-secret']);
    expect(mask.text('abc and nothing else')).toBe('abc and nothing else');
  });

  it('masks credential headers by scheme and other headers by value', () => {
    const mask = createSecretMasker(['tok-12345']);
    expect(mask.headers({ authorization: 'Bearer anything', 'x-echo': 'id tok-12345' })).toEqual({
      authorization: `Bearer ${secretMask}`,
      'x-echo': `id ${secretMask}`,
    });
  });

  it('reuses the masker for the same secrets and builds a new one when they change', () => {
    const first = createSecretMasker(['secret-one']);
    expect(createSecretMasker(['secret-one'])).toBe(first);
    const second = createSecretMasker(['secret-two']);
    expect(second).not.toBe(first);
    expect(second.text('secret-one secret-two')).toBe(`secret-one ${secretMask}`);
  });
});
