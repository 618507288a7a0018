import { describe, expect, it } from 'vitest';
import { logoInitials } from './logoInitials';

describe('logo initials', () => {
  it.each([
    ['the first letters of the first two words', 'Incident API', 'IA'],
    ['one letter for a one-word name', 'halo', 'H'],
    ['letters past an emoji at the start', '🔥 Incident API', 'IA'],
    ['letters past a symbol word', '★ Stars & Co', 'SC'],
    ['a letter outside the BMP whole', '𝒜lpha beta', '𝒜B'],
    ['an accent written as a mark with its letter', 'E\u0301cole', 'E\u0301'],
    ['digits as initials', '365 Defender', '3D'],
    ['a whole emoji when there is no letter', '👩‍💻 🔥', '👩‍💻'],
    ['a question mark for a blank name', '   ', '?'],
  ])('takes %s', (_what, name, initials) => {
    expect(logoInitials(name)).toBe(initials);
  });
});
