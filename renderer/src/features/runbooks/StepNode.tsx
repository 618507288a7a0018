/** One step on the canvas: its type, name, live state, problems and pin, with an exit handle per edge kind. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties, type ReactElement } from 'react';
import { pinProblemOf, pinRulesOf } from '../../../../shared/rehearsal/stepPins';
import { exitLabelOf, exitsOfStep, stepTypes } from '../../../../shared/runbook/stepTypes';
import { selectIssueCount, selectStep, useDesignerStore } from './designerStore';
import type { StepNodeType } from './flowElements';
import { PinBadge } from './rehearsal/PinBadge';
import { useStepPin } from './rehearsal/usePins';
import { viewOf } from './steps/stepViews';
import { useHasBreakpoint } from './debug/breakpointStore';
import { useDebugStore } from './debug/debugSession';
import { entryHandleStyle, exitHandleStylesOf, exitLabelBox, stepCardStyle } from './stepNodeLayout';
import { textWidth } from './textWidth';
import { countOf } from '../../app/countOf';

type State = ReturnType<typeof useDesignerStore.getState>;

const exitLabelStyles = new Map<string, CSSProperties>();

/**
 * The style of exit `index` of `count` named `name`: placed by exitLabelBox from the name's drawn
 * width, smaller type for three exits or more (built once per place and name).
 */
function exitLabelStyleOf(index: number, count: number, name: string): CSSProperties {
  const key = `${String(index)}|${String(count)}|${name}`;
  let style = exitLabelStyles.get(key);
  if (style === undefined) {
    const fontSize = count > 2 ? 9 : 10;
    style = { ...exitLabelBox(index, count, textWidth(name, fontSize)), ...(count > 2 ? { fontSize } : {}) };
    exitLabelStyles.set(key, style);
  }
  return style;
}

/**
 * Each selector reads one step's own values through the store's indexes (O(1) per node) and
 * returns the same value unless that step changed, so a store update re-renders only the nodes
 * it concerns. The handles sit beside the card, placed from the node's corner; zoomed far out the
 * canvas hides text and handles (canvas.css) but keeps them, so nothing moves or is re-measured.
 */
function StepNodeView({ id }: NodeProps<StepNodeType>): ReactElement | null {
  const step = useDesignerStore((state: State) => selectStep(state, id));
  const issueCount = useDesignerStore((state: State) => selectIssueCount(state, id));
  const live = useDesignerStore((state: State) => state.live[id]);
  const hasBreakpoint = useHasBreakpoint(id);
  const isPaused = useDebugStore((state) => state.pause?.stepId === id);
  const runbookId = useDesignerStore((state: State) => state.runbook?.id);
  const pin = useStepPin(runbookId, id);
  if (step === undefined) return null;
  const { isStart = false } = stepTypes[step.type];
  const exits = exitsOfStep(step);
  // The type line is the type's own (an Execute method step names the integration it calls).
  const { NodeSummary } = viewOf(step);
  const exitHandleStyles = exitHandleStylesOf(exits.length);
  return (
    <>
      <div
        className={`step-node step-${step.type}${live === undefined ? '' : ` live-${live}`}${issueCount > 0 ? ' has-issues' : ''}${isPaused ? ' is-paused' : ''}`}
        style={stepCardStyle}
        title={issueCount > 0 ? `${countOf(issueCount, 'problem')}: select the step to see them` : undefined}
      >
        {hasBreakpoint && <span className="step-breakpoint" role="img" aria-label="Breakpoint" />}
        <NodeSummary step={step} />
        <div className="step-name" title={step.name}>
          {step.name}
        </div>
        {issueCount > 0 && (
          <span className="step-issues" aria-label={countOf(issueCount, 'problem')}>
            {issueCount}
          </span>
        )}
        {pin !== undefined && (
          <PinBadge meaning={pinRulesOf(step.type)?.meaning ?? ''} problem={pinProblemOf(step, pin)} />
        )}
        {live !== undefined && <span className="step-live">{live}</span>}
        {exits.map((kind, index) => {
          const name = exitLabelOf(step, kind);
          return (
            <span
              key={kind}
              className={`step-exit-label exit-${kind}`}
              style={exitLabelStyleOf(index, exits.length, name)}
              title={name}
            >
              {name}
            </span>
          );
        })}
      </div>
      {!isStart && (
        <Handle type="target" position={Position.Top} className="handle-in" style={entryHandleStyle} />
      )}
      {exits.map((kind, index) => (
        <Handle
          key={kind}
          type="source"
          id={kind}
          position={Position.Bottom}
          className={`handle-out handle-${kind}`}
          style={exitHandleStyles[index]}
        />
      ))}
    </>
  );
}

/**
 * A step draws nothing from its props but its id: the rest it reads from the store, and its
 * selection is drawn by CSS from the class React Flow gives the selected node. React Flow hands
 * every node new props when the selection changes (selected, zIndex), so with the default
 * comparison Ctrl+A re-rendered every card on the canvas, a thousand at once, for one outline.
 */
const isSameStep = (before: NodeProps<StepNodeType>, after: NodeProps<StepNodeType>) =>
  before.id === after.id;

export const StepNode = memo(StepNodeView, isSameStep);
