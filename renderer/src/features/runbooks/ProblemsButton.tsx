/**
 * The header's problem count, as a button: it opens the list of the draft's problems, and a
 * problem, chosen, selects its step and brings it into view — the way to find "5 problems" in a
 * runbook of hundreds of steps. Escape or a click elsewhere closes the list.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useDesignerStore } from './designerStore';
import { countOf } from '../../app/countOf';

export function ProblemsButton(): ReactElement {
  const issues = useDesignerStore((state) => state.issues);
  const graph = useDesignerStore((state) => state.graph);
  const [isOpen, setIsOpen] = useState(false);
  const flow = useReactFlow();
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const closeOutside = (event: PointerEvent) => {
      if (event.target instanceof Node && root.current?.contains(event.target) !== true) setIsOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [isOpen]);

  if (issues.length === 0) return <span className="muted">Ready to run</span>;
  const nameOf = (stepId: string | null) =>
    stepId === null ? 'Runbook' : (graph?.steps.find((step) => step.id === stepId)?.name ?? stepId);
  const show = (stepId: string | null) => {
    setIsOpen(false);
    if (stepId === null) return;
    useDesignerStore.getState().setSelection([stepId]);
    void flow.fitView({ nodes: [{ id: stepId }], maxZoom: 1, duration: 200, padding: 0.5 });
  };

  return (
    <div
      className="problems"
      ref={root}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !isOpen) return;
        event.stopPropagation();
        setIsOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        className="link-button problems-button field-error"
        aria-expanded={isOpen}
        aria-controls={listId}
        onClick={() => setIsOpen((open) => !open)}
      >
        {countOf(issues.length, 'problem')}
      </button>
      {isOpen && (
        <ul id={listId} className="problems-list" aria-label="Problems">
          {issues.map((issue, index) => (
            <li key={`${issue.stepId ?? ''}:${issue.message}:${String(index)}`}>
              <button type="button" onClick={() => show(issue.stepId)} autoFocus={index === 0}>
                <strong>{nameOf(issue.stepId)}</strong>
                <span>{issue.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
