import { describe, expect, it } from 'vitest';
import { solidPng } from '../../test/e2e/support/png';
import { inspectLogo } from './logo';

const text = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'));

/** A JPEG header with an APP0 segment, then a start of frame (SOF0 unless told) with the given size. */
function jpeg(width: number, height: number, startOfFrame = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [
    0xff,
    startOfFrame,
    0x00,
    0x11,
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

describe('inspectLogo accepts', () => {
  it.each([
    ['a 64×64 PNG', new Uint8Array(solidPng(64, 64)), 'image/png', 64, 64],
    ['a 512×512 PNG, the largest allowed', new Uint8Array(solidPng(512, 512)), 'image/png', 512, 512],
    ['a 1×1 PNG', new Uint8Array(solidPng(1, 1)), 'image/png', 1, 1],
    ['a 300×200 JPEG', jpeg(300, 200), 'image/jpeg', 300, 200],
    ['a progressive (SOF2) 64×48 JPEG', jpeg(64, 48, 0xc2), 'image/jpeg', 64, 48],
    [
      'an SVG with single-quoted sizes',
      text("<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'/>"),
      'image/svg+xml',
      16,
      16,
    ],
    [
      'an SVG with width and height',
      text('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="32"></svg>'),
      'image/svg+xml',
      48,
      32,
    ],
    ['an SVG with px units', text('<svg width="48px" height="48px"></svg>'), 'image/svg+xml', 48, 48],
    [
      'an SVG with a viewBox only',
      text('<?xml version="1.0"?>\n<svg viewBox="0 0 120 60"></svg>'),
      'image/svg+xml',
      120,
      60,
    ],
    [
      'an SVG with relative sizes and a viewBox',
      text('<svg width="100%" height="100%" viewBox="0 0 24 24"/>'),
      'image/svg+xml',
      24,
      24,
    ],
  ])('%s', (_, bytes, mimeType, width, height) => {
    expect(inspectLogo(bytes)).toEqual({ mimeType, width, height });
  });
});

describe('inspectLogo refuses', () => {
  it.each([
    ['an empty file', new Uint8Array(), 'The logo file is empty.'],
    [
      'a 513×10 PNG',
      new Uint8Array(solidPng(513, 10)),
      'The logo is 513×10 px; logos may be at most 512×512 px.',
    ],
    [
      'a 10×600 PNG',
      new Uint8Array(solidPng(10, 600)),
      'The logo is 10×600 px; logos may be at most 512×512 px.',
    ],
    ['a 1024×768 JPEG', jpeg(1024, 768), 'The logo is 1024×768 px; logos may be at most 512×512 px.'],
    ['a file over 1 MB', new Uint8Array(1024 * 1024 + 1), 'The logo is 1.0 MB; logos may be at most 1 MB.'],
    ['a GIF', text('GIF89a\x01\x00\x01\x00'), 'The logo must be a PNG, JPEG or SVG image.'],
    ['plain text', text('hello'), 'The logo must be a PNG, JPEG or SVG image.'],
    [
      'a truncated PNG',
      new Uint8Array(solidPng(8, 8)).subarray(0, 14),
      'The PNG file is damaged (no image header).',
    ],
    [
      'a JPEG without a frame',
      new Uint8Array([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0]),
      'The JPEG file is damaged (no frame header).',
    ],
    [
      'an SVG with a script',
      text('<svg width="10" height="10"><script>alert(1)</script></svg>'),
      'SVG logos may not contain scripts, event handlers or embedded HTML.',
    ],
    [
      'an SVG with a script in capitals',
      text('<svg width="10" height="10"><SCRIPT>alert(1)</SCRIPT></svg>'),
      'SVG logos may not contain scripts, event handlers or embedded HTML.',
    ],
    [
      'an SVG with a javascript: link',
      text('<svg width="10" height="10"><a href="javascript:alert(1)"><rect/></a></svg>'),
      'SVG logos may not contain scripts, event handlers or embedded HTML.',
    ],
    [
      'a PNG whose first chunk is not the image header',
      new Uint8Array([...solidPng(8, 8).subarray(0, 12), ...Buffer.from('IDAT'), ...new Uint8Array(16)]),
      'The PNG file is damaged (no image header).',
    ],
    [
      'an SVG with an event handler',
      text('<svg width="10" height="10" onload="x()"></svg>'),
      'SVG logos may not contain scripts, event handlers or embedded HTML.',
    ],
    [
      'an SVG with embedded HTML',
      text('<svg width="10" height="10"><foreignObject/></svg>'),
      'SVG logos may not contain scripts, event handlers or embedded HTML.',
    ],
    [
      'an SVG with a DOCTYPE',
      text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg width="10" height="10"></svg>',
      ),
      'SVG logos may not contain a DOCTYPE or entity declarations (<!DOCTYPE, <!ENTITY); remove them.',
    ],
    [
      'an SVG with entities that expand (billion laughs)',
      text(
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg width="10" height="10"><text>&b;</text></svg>',
      ),
      'SVG logos may not contain a DOCTYPE or entity declarations (<!DOCTYPE, <!ENTITY); remove them.',
    ],
    [
      'an SVG with an entity declaration in lower case',
      text('<!entity x SYSTEM "file:///etc/passwd"><svg width="10" height="10"></svg>'),
      'SVG logos may not contain a DOCTYPE or entity declarations (<!DOCTYPE, <!ENTITY); remove them.',
    ],
    [
      'an SVG without a size',
      text('<svg></svg>'),
      'The SVG logo needs width and height attributes or a viewBox.',
    ],
    [
      'an SVG larger than allowed',
      text('<svg viewBox="0 0 2000 100"></svg>'),
      'The logo is 2000×100 px; logos may be at most 512×512 px.',
    ],
  ])('%s', (_, bytes, message) => {
    expect(() => inspectLogo(bytes)).toThrow(
      expect.objectContaining({ code: 'invalid_logo', field: 'logo', message }),
    );
  });
});
