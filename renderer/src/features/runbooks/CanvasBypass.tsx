/**
 * Ways past the canvas for the keyboard (WCAG 2.4.1, bypass blocks): every step, edge and zoom
 * button of the canvas is a Tab stop, so between the palette and the inspector Tab would walk them
 * all. A button at the end of the palette jumps to the inspector, and one at the start of the
 * inspector jumps back to the palette; both show only while they have focus.
 */
import type { ReactElement } from 'react';

/** The inspector's first field (its first control after the way back), else the way back itself. */
function focusInspector(): void {
  const inspector = document.querySelector('.inspector');
  const field = inspector?.querySelector<HTMLElement>(
    'input, select, textarea, button:not(.canvas-bypass), a[href]',
  );
  (field ?? inspector?.querySelector<HTMLElement>('.canvas-bypass'))?.focus();
}

function focusPalette(): void {
  document.querySelector<HTMLElement>('.palette .palette-item')?.focus();
}

/** At the end of the palette: on past the canvas to the inspector. */
export function SkipToInspector(): ReactElement {
  return (
    <button type="button" className="link-button canvas-bypass" onClick={focusInspector}>
      Skip the canvas, to the inspector
    </button>
  );
}

/** At the start of the inspector: back past the canvas to the palette. */
export function SkipToPalette(): ReactElement {
  return (
    <button type="button" className="link-button canvas-bypass" onClick={focusPalette}>
      Skip the canvas, back to the steps
    </button>
  );
}
