/** The initials an integration without a logo shows: of its first two words that start with a letter. */

/** A word's first letter or digit with the marks that belong to it ("É" written as E and an accent). */
const leadingLetter = /^[\p{L}\p{N}]\p{M}*/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Up to two initials, whole characters and upper-case: "Incident API" → "IA", "🔥 Incident API"
 * → "IA" (an emoji or a symbol is no word's initial). A name with no letter at all shows its first
 * character whole ("🔥" → "🔥"); an empty name shows "?".
 */
export function logoInitials(name: string): string {
  const words = name.trim().split(/\s+/);
  const letters = words.flatMap((word) => leadingLetter.exec(word)?.[0] ?? []).slice(0, 2);
  if (letters.length > 0) return letters.join('').toUpperCase();
  const [first] = graphemes.segment(name.trim());
  return first?.segment ?? '?';
}
