/** A pinned Run runbook step: its pin stands in for the child run, in designer runs and dry runs alike. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinValueSchema, rehearsalOf, type PinValue } from '../../../shared/rehearsal/rehearsal';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { dryRunSource, pinnedSource, type Rehearsal } from './responseSource';
import { startRehearsalHost, type RehearsalHost } from './testSupport/rehearsalHost';

let host: RehearsalHost;
beforeAll(async () => {
  host = await startRehearsalHost();
});
afterAll(() => host.close());

/** The child opens a ticket (POST) and hands its id back. */
const child = {
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'open', name: 'Open', type: 'method', methodId: 'openTicket', arguments: { title: 'child' } },
    {
      id: 'set',
      name: 'Set',
      type: 'setVariables',
      assignments: [{ name: 'ticket', value: '{{steps.open.outputs.ticketId}}' }],
    },
    { id: 'done', name: 'Done', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'open' },
    { from: 'open', kind: 'success', to: 'set' },
    { from: 'set', kind: 'next', to: 'done' },
  ],
};

const parent = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'sub', name: 'Sub', type: 'runRunbook', runbookId: 'child' },
    { id: 'done', name: 'Done', type: 'end', message: '{{steps.sub.outputs.ticket}}' },
    { id: 'broke', name: 'Broke', type: 'end', outcome: 'failed', message: 'sub failed' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'sub' },
    { from: 'sub', kind: 'success', to: 'done' },
    { from: 'sub', kind: 'failure', to: 'broke' },
  ],
});

const pin = (value: Partial<PinValue>): PinValue => pinValueSchema.parse({ status: 200, ...value });
const pinsOf = (pins: Record<string, PinValue>) => new Map(Object.entries(pins));
const designerRun = (pins: Record<string, PinValue>): Rehearsal => ({
  mode: 'live',
  sourceFor: (runbookId) => pinnedSource(runbookId === 'parent' ? pinsOf(pins) : new Map()),
});

async function runParent(rehearsal: Rehearsal) {
  const { engine, runs } = host.engine({ child });
  const before = host.received.length;
  const started = engine.start({
    runbookId: 'parent',
    versionId: null,
    graph: parent,
    inputs: {},
    trigger: 'manual',
    rehearsal,
  });
  const result = await started.finished;
  const sub = runs
    .get(started.runId)
    ?.steps.find((step) => step.stepId === 'sub' && step.status !== 'running');
  return { result, sub, childRuns: runs.list('child'), received: host.received.slice(before) };
}

describe('pinned Run runbook steps', () => {
  it('answer with the pin’s outputs and run no child: nothing is sent, the record says pinned', async () => {
    const { result, sub, childRuns, received } = await runParent(
      designerRun({ sub: pin({ outputs: { ticket: 'T-pinned' } }) }),
    );
    expect(result).toMatchObject({ status: 'succeeded', message: 'T-pinned' });
    expect(childRuns).toEqual([]);
    expect(received).toEqual([]);
    expect(sub && 'response' in sub ? rehearsalOf(sub.response) : undefined).toEqual({
      source: 'pin',
      wouldHaveSent: false,
    });
  });

  it('follow the failure edge when the pin’s status is an error', async () => {
    const { result, childRuns } = await runParent(designerRun({ sub: pin({ status: 500 }) }));
    expect(result).toMatchObject({ status: 'failed', message: 'sub failed' });
    expect(childRuns).toEqual([]);
  });

  it('stand in for the child in a dry run too', async () => {
    const { result, childRuns, received } = await runParent({
      mode: 'dryRun',
      sourceFor: (runbookId) =>
        dryRunSource(
          runbookId === 'parent' ? pinsOf({ sub: pin({ outputs: { ticket: 'T-dry' } }) }) : new Map(),
        ),
    });
    expect(result).toMatchObject({ status: 'succeeded', message: 'T-dry' });
    expect(childRuns).toEqual([]);
    expect(received).toEqual([]);
  });

  it('run the child as before when the step is not pinned', async () => {
    const { result, childRuns, received } = await runParent(designerRun({}));
    expect(result).toMatchObject({ status: 'succeeded', message: 'T-live' });
    expect(childRuns).toHaveLength(1);
    expect(received).toEqual(['POST /tickets']);
  });
});
