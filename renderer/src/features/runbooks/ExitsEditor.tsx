/**
 * The inspector's Exits: for each exit of the step (success, failure, true, false…) the step it
 * leads to, chosen from a list — the keyboard's way to connect steps, as dragging from a handle
 * on the canvas is the mouse's. "Not connected" removes the edge.
 */
import type { ReactElement } from 'react';
import type { EdgeKind } from '../../../../shared/runbook/runbookGraph';
import { exitLabelOf, exitsOfStep, isStartStep, type Step } from '../../../../shared/runbook/stepTypes';
import { useDesignerStore } from './designerStore';

const notConnected = '';

export function ExitsEditor({ step }: { step: Step }): ReactElement | null {
  const graph = useDesignerStore((state) => state.graph);
  const outgoing = exitsOfStep(step);
  if (graph === null || outgoing.length === 0) return null;
  const targets = graph.steps.filter((candidate) => candidate.id !== step.id && !isStartStep(candidate));
  // Two steps of one name are told apart by their ids.
  const counts = new Map<string, number>();
  for (const target of targets) counts.set(target.name, (counts.get(target.name) ?? 0) + 1);
  const labelOf = (target: Step) =>
    target.name === ''
      ? target.id
      : (counts.get(target.name) ?? 0) > 1
        ? `${target.name} (${target.id})`
        : target.name;
  const targetOf = (kind: EdgeKind) =>
    graph.edges.find((edge) => edge.from === step.id && edge.kind === kind)?.to ?? notConnected;
  const choose = (kind: EdgeKind, to: string) => {
    const store = useDesignerStore.getState();
    if (to === notConnected) store.disconnect(step.id, kind);
    else store.connect({ from: step.id, kind, to });
  };
  return (
    <fieldset className="field-group exits-editor">
      <legend>Exits</legend>
      {outgoing.map((kind) => (
        <label key={kind} className="inline-label">
          {`On ${exitLabelOf(step, kind)}, go to`}
          <select value={targetOf(kind)} onChange={(event) => choose(kind, event.target.value)}>
            <option value={notConnected}>Not connected</option>
            {targets.map((target) => (
              <option key={target.id} value={target.id}>
                {labelOf(target)}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}
