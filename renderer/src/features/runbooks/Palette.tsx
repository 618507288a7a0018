/** The step types to drag onto the canvas (or click to add), built from the step registry. */
import type { ReactElement } from 'react';
import { stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import { useDesignerStore } from './designerStore';
import { paletteMime } from './RunbookCanvas';

const types = (Object.keys(stepTypes) as StepType[]).filter((type) => type !== 'start');

export function Palette(): ReactElement {
  return (
    <aside className="palette" aria-label="Steps">
      <h2>Steps</h2>
      <p className="hint">Drag onto the canvas, or click to add.</p>
      {types.map((type) => (
        <button
          key={type}
          type="button"
          className="palette-item"
          draggable
          title={stepTypes[type].description}
          onDragStart={(event) => {
            event.dataTransfer.setData(paletteMime, type);
            event.dataTransfer.effectAllowed = 'move';
          }}
          onClick={() => {
            const count = useDesignerStore.getState().graph?.steps.length ?? 0;
            useDesignerStore.getState().addStep(type, { x: 80 + (count % 4) * 40, y: 120 + count * 90 });
          }}
        >
          <span className={`palette-dot step-${type}`} aria-hidden="true" />
          {stepTypes[type].label}
        </button>
      ))}
    </aside>
  );
}
