/**
 * Where the keyboard goes when steps are deleted: the removed step had focus (on the canvas) or
 * its inspector did, and the browser would drop it to <body>. It goes to the step that led into
 * the first deleted one, else to the first step of the canvas.
 */
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { refocusWhenLost } from '../../app/focusReturn';

/** The step an edge leads from into one of `deletedIds`, itself staying; undefined when none. */
export function stepBefore(
  graph: Pick<RunbookGraph, 'edges'>,
  deletedIds: readonly string[],
): string | undefined {
  const deleted = new Set(deletedIds);
  return graph.edges.find((edge) => deleted.has(edge.to) && !deleted.has(edge.from))?.from;
}

const stepElement = (id: string) =>
  document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);

/** Once the deleted steps have left the canvas, focuses the step before them (see above). */
export function refocusAfterStepsDeleted(graph: RunbookGraph | null, deletedIds: readonly string[]): void {
  if (graph === null || deletedIds.length === 0) return;
  const before = stepBefore(graph, deletedIds);
  refocusWhenLost(() => {
    if (deletedIds.some((id) => stepElement(id) !== null)) return null;
    return (
      (before === undefined ? null : stepElement(before)) ??
      document.querySelector<HTMLElement>('.react-flow__node')
    );
  });
}
