import { describe, expect, it } from 'vitest';
import { urlParts } from './urlParts';

describe('urlParts', () => {
  it('cuts after slashes, the question mark and ampersands, losing nothing', () => {
    const url = 'http://127.0.0.1:34113/tickets/42?state=open&page=2';
    expect(urlParts(url)).toEqual([
      'http://',
      '127.0.0.1:34113/',
      'tickets/',
      '42?',
      'state=open&',
      'page=2',
    ]);
    expect(urlParts(url).join('')).toBe(url);
  });

  it('keeps an address without separators whole, and gives nothing for none', () => {
    expect(urlParts('localhost')).toEqual(['localhost']);
    expect(urlParts('')).toEqual([]);
  });
});
