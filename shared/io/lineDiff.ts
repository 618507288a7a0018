/**
 * A line-by-line diff of two texts (Myers' O(ND) algorithm), for showing how the export files of
 * two runbook versions differ — they are written in a fixed key order with sorted steps, so a
 * change to one step is a few lines. Bounded: past `maxEdits` differing lines the rest is shown
 * as replaced rather than searched further, so two unrelated 4 MB files cannot freeze anything.
 */

/** One line of the diff: kept (in both), removed (only before) or added (only after). */
export interface DiffLine {
  op: 'keep' | 'remove' | 'add';
  text: string;
  /** 1-based line numbers in the text before / after; null where the line is not in it. */
  before: number | null;
  after: number | null;
}

/** Past this many differing lines the search stops (its memory grows with the square of it). */
const defaultMaxEdits = 1_000;

/** The edit path from Myers' forward search, as the trace of furthest-reaching diagonals. */
function shortestEditTrace(
  a: readonly string[],
  b: readonly string[],
  maxEdits: number,
): Int32Array[] | null {
  const max = Math.min(a.length + b.length, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= a.length && y >= b.length) {
        trace.push(v.slice());
        return trace;
      }
    }
  }
  return null;
}

/** Walks the trace back from the end into the list of lines. */
function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], max: number): DiffLine[] {
  const offset = max + 1;
  const lines: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 2; d >= 0; d -= 1) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const previousK = down ? k + 1 : k - 1;
    const previousX = v[offset + previousK] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      lines.push({ op: 'keep', text: a[x] as string, before: x + 1, after: y + 1 });
    }
    if (d === 0) break;
    if (down) {
      y -= 1;
      lines.push({ op: 'add', text: b[y] as string, before: null, after: y + 1 });
    } else {
      x -= 1;
      lines.push({ op: 'remove', text: a[x] as string, before: x + 1, after: null });
    }
  }
  return lines.reverse();
}

/** The lines of `before` and `after` as kept, removed and added, in order. */
export function diffLines(before: string, after: string, maxEdits = defaultMaxEdits): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  // Common head and tail are kept as they are: most of two versions' files.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  const max = Math.min(middleA.length + middleB.length, maxEdits);
  const trace = shortestEditTrace(middleA, middleB, maxEdits);
  const middle =
    trace === null
      ? [
          ...middleA.map((text, index): DiffLine => ({ op: 'remove', text, before: index + 1, after: null })),
          ...middleB.map((text, index): DiffLine => ({ op: 'add', text, before: null, after: index + 1 })),
        ]
      : backtrack(middleA, middleB, trace, max);
  const shift = (line: DiffLine): DiffLine => ({
    ...line,
    before: line.before === null ? null : line.before + head,
    after: line.after === null ? null : line.after + head,
  });
  const tailA = a.length - tail;
  const tailB = b.length - tail;
  return [
    ...a
      .slice(0, head)
      .map((text, index): DiffLine => ({ op: 'keep', text, before: index + 1, after: index + 1 })),
    ...middle.map(shift),
    ...a.slice(tailA).map((text, index): DiffLine => ({
      op: 'keep',
      text,
      before: tailA + index + 1,
      after: tailB + index + 1,
    })),
  ];
}

/** The diff as unified-diff text (`+`, `-`, and a space for kept lines), for a file or the CLI. */
export function formatDiff(lines: readonly DiffLine[]): string {
  const mark = { keep: ' ', remove: '-', add: '+' } as const;
  return lines.map((line) => `${mark[line.op]}${line.text}`).join('\n');
}

/**
 * The changed lines with `context` kept lines around them, as separate hunks; kept lines far
 * from any change are left out, as a unified diff does.
 */
export function hunksOf(lines: readonly DiffLine[], context = 3): DiffLine[][] {
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.op === 'keep') return;
    for (let at = Math.max(0, index - context); at <= Math.min(lines.length - 1, index + context); at += 1)
      near[at] = true;
  });
  const hunks: DiffLine[][] = [];
  let current: DiffLine[] | null = null;
  lines.forEach((line, index) => {
    if (!near[index]) {
      current = null;
      return;
    }
    if (current === null) {
      current = [];
      hunks.push(current);
    }
    current.push(line);
  });
  return hunks;
}

/**
 * The hunks' first `maxLines` lines (the hunk that reaches the bound is cut there), and how many
 * of their lines were left out: what a window can draw at once however far two files differ.
 */
export function firstLinesOf(
  hunks: readonly (readonly DiffLine[])[],
  maxLines: number,
): { hunks: DiffLine[][]; leftOut: number } {
  const shown: DiffLine[][] = [];
  let room = maxLines;
  let leftOut = 0;
  for (const hunk of hunks) {
    const taken = hunk.slice(0, Math.max(room, 0));
    if (taken.length > 0) shown.push(taken);
    leftOut += hunk.length - taken.length;
    room -= taken.length;
  }
  return { hunks: shown, leftOut };
}
