/**
 * One benchmark figure: a ratio, or a difference per request, of two timings measured side by
 * side in the same run; never an absolute time on its own.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** null: a figure reported for the reader, with no target of its own. */
  target: number | null;
  ok: boolean | null;
  /** The two raw medians behind the ratio, for the reader. */
  detail: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** A ratio where lower is better, judged against `target` (at most). */
export function ratioResult(
  name: string,
  subject: number[],
  baseline: number[],
  target: number,
  what: string,
): BenchResult {
  const subjectMedian = median(subject);
  const baselineMedian = median(baseline);
  const value = Number((subjectMedian / baselineMedian).toFixed(3));
  return {
    name,
    value,
    unit: '×',
    target,
    ok: value <= target,
    detail: `${what}: median ${subjectMedian.toFixed(3)} ms vs ${baselineMedian.toFixed(3)} ms (n=${String(subject.length)})`,
  };
}

/** A ratio reported without a target: it explains another figure (e.g. where the time goes). */
export function referenceRatio(
  name: string,
  subject: number[],
  baseline: number[],
  what: string,
): BenchResult {
  return { ...ratioResult(name, subject, baseline, Number.POSITIVE_INFINITY, what), target: null, ok: null };
}

/**
 * What the subject adds per request above a floor, in µs: the difference of the two medians
 * (each the time of `requests` requests), divided by `requests`. Judged against `target` (at most).
 */
export function overheadResult(
  name: string,
  subject: number[],
  floor: number[],
  requests: number,
  target: number,
  what: string,
): BenchResult {
  const subjectMedian = median(subject);
  const floorMedian = median(floor);
  const value = Number((((subjectMedian - floorMedian) / requests) * 1000).toFixed(1));
  return {
    name,
    value,
    unit: 'µs',
    target,
    ok: value <= target,
    detail: `${what}: median ${subjectMedian.toFixed(3)} ms vs ${floorMedian.toFixed(3)} ms (n=${String(subject.length)}), ${String(requests)} requests each`,
  };
}
