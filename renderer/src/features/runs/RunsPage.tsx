/** Runs: not built yet (PRODUCT.md §4 Runs); the page says so. */
import type { ReactElement } from 'react';
import { ComingSoon } from '../../app/ComingSoon';

export function RunsPage(): ReactElement {
  return (
    <ComingSoon
      title="Runs"
      icon="runs"
      points={[
        'See every run of every runbook: inputs, trigger, status and duration',
        'Open a run to inspect each step’s request, response and outputs',
        'Re-run with the same inputs, or from a chosen step',
      ]}
    />
  );
}
