/**
 * A whole number as English text with thousands grouped ("10,000"), as `toLocaleString('en')`
 * writes it. That call loads the ICU number formats the first time it runs, some 40 ms on the
 * build machine; a schema built at start-up with it (limitedRecord's message) made every start
 * of the app, `serve` and the CLI pay that, and the first refusal of a call paid it again.
 */
export function countText(count: number): string {
  if (!Number.isSafeInteger(count)) return String(count);
  const digits = String(Math.abs(count));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group},${grouped}`;
  }
  return count < 0 ? `-${grouped}` : grouped;
}
