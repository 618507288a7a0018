import { describe, expect, it } from 'vitest';
import { diffLines, firstLinesOf, formatDiff, hunksOf } from './lineDiff';

/** Applies a diff's lines back: the kept and removed lines give `before`, kept and added `after`. */
const sides = (lines: ReturnType<typeof diffLines>) => ({
  before: lines.filter((line) => line.op !== 'add').map((line) => line.text),
  after: lines.filter((line) => line.op !== 'remove').map((line) => line.text),
});

describe('diffLines', () => {
  it('marks a changed line as removed and added between kept ones, with both line numbers', () => {
    const lines = diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(formatDiff(lines)).toBe(' a\n-b\n+B\n c\n d\n+e');
    expect(lines.find((line) => line.text === 'd')).toMatchObject({ before: 4, after: 4 });
    expect(lines.find((line) => line.text === 'e')).toMatchObject({ before: null, after: 5 });
    expect(lines.find((line) => line.text === 'B')).toMatchObject({ before: null, after: 2 });
  });

  it('finds a shortest diff: a line moved costs two, not the whole block', () => {
    const before = ['x', '1', '2', '3', '4', 'y'].join('\n');
    const after = ['1', '2', '3', '4', 'x', 'y'].join('\n');
    const lines = diffLines(before, after);
    expect(lines.filter((line) => line.op !== 'keep')).toHaveLength(2);
    expect(sides(lines)).toEqual({ before: before.split('\n'), after: after.split('\n') });
  });

  it('gives back both texts from any diff (random edits of a long text)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let round = 0; round < 50; round += 1) {
      const before = Array.from({ length: 60 }, () => String(Math.floor(random() * 8)));
      const after = before.flatMap((line) => {
        const roll = random();
        if (roll < 0.1) return [];
        if (roll < 0.2) return [line, 'new'];
        return [line];
      });
      const lines = diffLines(before.join('\n'), after.join('\n'));
      expect(sides(lines)).toEqual({ before, after });
      const numbered = lines.filter((line) => line.after !== null).map((line) => line.after);
      expect(numbered).toEqual(after.map((_, index) => index + 1));
    }
  });

  it('stops searching past its bound and shows the rest as replaced, still correct', () => {
    const before = Array.from({ length: 3_000 }, (_, index) => `a${String(index)}`).join('\n');
    const after = Array.from({ length: 3_000 }, (_, index) => `b${String(index)}`).join('\n');
    const lines = diffLines(`head\n${before}\ntail`, `head\n${after}\ntail`, 100);
    expect(lines).toHaveLength(6_002);
    expect(sides(lines)).toEqual({
      before: `head\n${before}\ntail`.split('\n'),
      after: `head\n${after}\ntail`.split('\n'),
    });
  });

  it('handles empty texts and identical texts', () => {
    expect(diffLines('', '')).toEqual([]);
    expect(formatDiff(diffLines('', 'a'))).toBe('+a');
    expect(formatDiff(diffLines('a', ''))).toBe('-a');
    expect(diffLines('a\nb', 'a\nb').every((line) => line.op === 'keep')).toBe(true);
  });

  it('cuts a diff into hunks with context lines around each change', () => {
    const before = Array.from({ length: 30 }, (_, index) => `line ${String(index)}`);
    const after = before.map((line, index) => (index === 3 || index === 20 ? `${line}!` : line));
    const hunks = hunksOf(diffLines(before.join('\n'), after.join('\n')), 2);
    expect(hunks.map((hunk) => formatDiff(hunk))).toEqual([
      ' line 1\n line 2\n-line 3\n+line 3!\n line 4\n line 5',
      ' line 18\n line 19\n-line 20\n+line 20!\n line 21\n line 22',
    ]);
    expect(hunksOf(diffLines('a', 'a'))).toEqual([]);
  });

  it('keeps the first lines of the hunks up to a bound, counting the ones left out', () => {
    const hunks = hunksOf(diffLines('a\nb\nc\nd\ne\nf\ng\nh', 'a!\nb\nc\nd\ne\nf\ng\nh!'), 1);
    expect(hunks.map((hunk) => hunk.length)).toEqual([3, 3]);
    expect(firstLinesOf(hunks, 10)).toEqual({ hunks, leftOut: 0 });
    const cut = firstLinesOf(hunks, 4);
    expect(cut.hunks.map((hunk) => formatDiff(hunk))).toEqual(['-a\n+a!\n b', ' g']);
    expect(cut.leftOut).toBe(2);
    expect(firstLinesOf(hunks, 3)).toEqual({ hunks: [hunks[0]], leftOut: 3 });
    expect(firstLinesOf([], 3)).toEqual({ hunks: [], leftOut: 0 });
  });
});
