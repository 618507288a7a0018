/** The file's key order (canonical): fixed, and every key of a value kept. */
import { describe, expect, it } from 'vitest';
import { canonical } from './runbookFile';

describe('canonical', () => {
  it('puts the leading keys first, then the others in order', () => {
    expect(JSON.stringify(canonical({ z: 1, name: 'n', a: [{ y: 2, id: 'i' }], format: 'f' }))).toBe(
      '{"format":"f","name":"n","a":[{"id":"i","y":2}],"z":1}',
    );
  });

  it('keeps a value\'s own "__proto__" key as a key, at any depth', () => {
    const pinned = JSON.parse('{"outputs":{"__proto__":{"x":1},"b":2},"list":[{"__proto__":3}]}') as unknown;
    const written = JSON.stringify(canonical(pinned));
    expect(JSON.parse(written)).toEqual(pinned);
    expect(written).toContain('"__proto__":{"x":1}');
    expect(written).toContain('[{"__proto__":3}]');
  });
});
