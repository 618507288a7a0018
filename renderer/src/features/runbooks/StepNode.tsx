/** One step on the canvas: its type, name, live state and problems, with an exit handle per edge kind. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type ReactElement } from 'react';
import { stepTypes } from '../../../../shared/runbook/stepTypes';
import { useDesignerStore } from './designerStore';
import type { StepNodeType } from './flowElements';

type State = ReturnType<typeof useDesignerStore.getState>;

function StepNodeView({ data, selected }: NodeProps<StepNodeType>): ReactElement | null {
  const step = useDesignerStore((state: State) =>
    state.graph?.steps.find((candidate) => candidate.id === data.stepId),
  );
  const issueCount = useDesignerStore(
    (state: State) => state.issues.filter((issue) => issue.stepId === data.stepId).length,
  );
  const live = useDesignerStore((state: State) => state.live[data.stepId]);
  if (step === undefined) return null;
  const info = stepTypes[step.type];
  return (
    <div
      className={`step-node step-${step.type}${selected ? ' is-selected' : ''}${live === undefined ? '' : ` live-${live}`}`}
      title={issueCount > 0 ? `${String(issueCount)} problem(s): select the step to see them` : undefined}
    >
      {step.type !== 'start' && <Handle type="target" position={Position.Top} className="handle-in" />}
      <div className="step-type">{info.label}</div>
      <div className="step-name">{step.name}</div>
      {issueCount > 0 && (
        <span className="step-issues" aria-label={`${String(issueCount)} problem(s)`}>
          {issueCount}
        </span>
      )}
      {live !== undefined && <span className="step-live">{live}</span>}
      <div className="step-exits">
        {info.outgoing.map((kind, index) => (
          <div
            key={kind}
            className={`step-exit exit-${kind}`}
            style={{ left: `${String(((index + 1) / (info.outgoing.length + 1)) * 100)}%` }}
          >
            <span>{kind}</span>
            <Handle
              type="source"
              id={kind}
              position={Position.Bottom}
              className={`handle-out handle-${kind}`}
            />
          </div>
        ))}
      </div>
    </div>
  );
}

export const StepNode = memo(StepNodeView);
