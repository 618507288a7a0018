/** A quiet loading indicator with a label for screen readers (and for anyone watching). */
import type { ReactElement } from 'react';

export function Loading({ label = 'Loading…' }: { label?: string }): ReactElement {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
