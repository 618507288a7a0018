/** "1 problem", "3 problems": a count with its noun, never "problem(s)". */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}
