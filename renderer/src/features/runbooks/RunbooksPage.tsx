/** Runbooks: not built yet (PRODUCT.md §4); the page says so. */
import type { ReactElement } from 'react';
import { ComingSoon } from '../../app/ComingSoon';

export function RunbooksPage(): ReactElement {
  return (
    <ComingSoon
      title="Runbooks"
      icon="runbooks"
      points={[
        'Drag methods onto a flow-chart canvas and connect them with conditions and branches',
        'Run a runbook by hand, from a webhook, or on a schedule',
        'Publish versions and share a runbook with teammates as a file',
      ]}
    />
  );
}
