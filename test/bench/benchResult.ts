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
 * What the subject adds per request above a floor, in µs: `subject[i]` and `floor[i]` are the
 * times of `requests` requests measured side by side in round i; the figure is the
 * median of the rounds' differences, divided by `requests`. Judged against `target` (at most).
 *
 * Paired, because the machine's speed drifts from one second to the next (this VM's floor alone
 * moved from 78 to 227 µs a request between runs of the bench): two rounds measured side by side
 * share that drift, and their difference does not. The difference of the two medians, which moved
 * by twice as much from one run of the bench to the next, is in the detail beside it.
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
  const perRequest = (ms: number) => (ms / requests) * 1000;
  const differences = subject.map((time, round) => time - (floor[round] ?? Number.NaN));
  const value = Number(perRequest(median(differences)).toFixed(1));
  return {
    name,
    value,
    unit: 'µs',
    target,
    ok: value <= target,
    detail: `${what}: median of ${String(subject.length)} paired rounds; medians ${subjectMedian.toFixed(3)} ms vs ${floorMedian.toFixed(3)} ms, ${String(requests)} requests each (their difference: ${perRequest(subjectMedian - floorMedian).toFixed(1)} µs a request)`,
  };
}
