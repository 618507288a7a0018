/**
 * A run that waited for an approval goes on with the graph it ran: its published version while
 * the version exists, else the runbook's draft; with neither, it is left and the log says why.
 */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { ApprovalRow } from '../db/repositories/approvalRepository';
import type { RunRow } from '../db/repositories/runRepository';
import type { StartRunInput } from '../engine/engineTypes';
import { resumeWaitingRuns } from './waitingRunResume';

const at = '2026-11-23T10:00:00.000Z';

const graphNamed = (name: string): RunbookGraph =>
  runbookGraphSchema.parse({ steps: [{ id: 'start', name, type: 'start' }], edges: [] });

const approval: ApprovalRow = {
  runId: 'run-1',
  runbookId: 'rb-1',
  seq: 2,
  stepId: 'ask',
  stepName: 'Ask',
  message: 'Go on?',
  approvers: '',
  instructions: '',
  deadline: '2026-11-24T10:00:00.000Z',
  tokenHash: 'hash',
  tokenSealed: null,
  loops: null,
  notify: null,
  state: 'pending',
  createdAt: at,
  owner: '4242-aaaaaa@host',
};

function waitingRun(versionId: string | null): RunRow & { steps: [] } {
  return {
    id: 'run-1',
    runbookId: 'rb-1',
    versionId,
    versionNumber: versionId === null ? null : 1,
    status: 'running',
    trigger: 'manual',
    clientName: '',
    inputs: {},
    error: null,
    queuedAt: at,
    startedAt: at,
    finishedAt: null,
    rerunOf: null,
    resumedFromStep: null,
    message: null,
    mode: 'live',
    groupId: null,
    steps: [],
  };
}

/**
 * Resumes the one waiting run, its process gone (unless `isOwnerOpen`) and claimed here (unless
 * `isClaimed`: another process was first); answers the graphs it was started with and the log.
 */
function resume(
  versionId: string | null,
  stored: { version?: RunbookGraph; draft?: unknown },
  { isOwnerOpen = false, isClaimed = true } = {},
): { started: RunbookGraph[]; log: string[] } {
  const started: RunbookGraph[] = [];
  const log: string[] = [];
  resumeWaitingRuns({
    approvals: { pending: () => [approval] },
    claim: (_runId, _seq, from, owner) => isClaimed && from === approval.owner && owner === '7-cccccc@host',
    processes: { name: '7-cccccc@host', isOpenBy: (name) => isOwnerOpen && name === approval.owner },
    runs: { get: () => waitingRun(versionId), triggerBody: () => undefined, discardStep: () => undefined },
    engine: {
      start: (input: StartRunInput) => {
        started.push(input.graph);
        return { runId: 'run-1', finished: new Promise(() => undefined) };
      },
    },
    publishedGraph: () => (stored.version === undefined ? undefined : { graph: stored.version }),
    draftOf: () => stored.draft,
    log: (line) => log.push(line),
  });
  return { started, log };
}

describe('taking up the runs that waited for an approval', () => {
  it('goes on with the published version the run ran', () => {
    const { started, log } = resume('v1', { version: graphNamed('Published'), draft: graphNamed('Draft') });
    expect(started.map((graph) => graph.steps[0]?.name)).toEqual(['Published']);
    expect(log).toEqual(['1 run(s) waiting for an approval wait again']);
  });

  it("goes on with the runbook's draft once the version it ran is gone, and for a run of the draft", () => {
    expect(resume('v1', { draft: graphNamed('Draft') }).started.map((graph) => graph.steps[0]?.name)).toEqual(
      ['Draft'],
    );
    expect(resume(null, { draft: graphNamed('Draft') }).started.map((graph) => graph.steps[0]?.name)).toEqual(
      ['Draft'],
    );
  });

  it('leaves the run to its process while that lives, and to another that claimed it first', () => {
    const stored = { version: graphNamed('Published') };
    expect(resume('v1', stored, { isOwnerOpen: true })).toEqual({ started: [], log: [] });
    expect(resume('v1', stored, { isClaimed: false })).toEqual({ started: [], log: [] });
  });

  it('leaves the run, saying so, when its runbook is gone or its draft cannot be read', () => {
    for (const draft of [undefined, { steps: 'not a list' }]) {
      const { started, log } = resume(null, { draft });
      expect(started).toEqual([]);
      expect(log).toEqual(['run run-1 waited for an approval, but its runbook is gone']);
    }
  });
});
