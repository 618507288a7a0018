/** The runbook a run ran, for its page: the runbook, the published version it ran, and that graph's step names. */
import type { CallOutput } from '../../../../shared/api/contract';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { useCall } from '../../api/resources';
import type { ShownRun } from './runEvents';

type Runbook = CallOutput<'runbooks.get'>;
type Version = CallOutput<'runbooks.version'>;

/**
 * Read when the run is first known: its runbook (null while read, or when it no longer exists),
 * the version it ran (null for a run of the draft), the graph it ran (that version's, else the
 * draft) and a step's name in it (its id for a step the graph no longer has).
 */
export function useRunRunbook(run: ShownRun | null): {
  runbook: Runbook | null;
  version: Version | null;
  graph: RunbookGraph | undefined;
  nameOf: (stepId: string) => string;
} {
  const runbookId = run?.runbookId ?? '';
  const versionId = run?.versionId ?? null;
  const runbook: Runbook | null =
    useCall('runbooks.get', { id: runbookId }, { isEnabled: run !== null }).data ?? null;
  const version: Version | null =
    useCall(
      'runbooks.version',
      { id: runbookId, versionId: versionId ?? '' },
      { isEnabled: versionId !== null },
    ).data ?? null;
  const graph = version?.graph ?? runbook?.draft;
  const nameOf = (stepId: string) => graph?.steps.find((step) => step.id === stepId)?.name ?? stepId;
  return { runbook, version, graph, nameOf };
}
