/** A Start → Wait → Done draft that the designer's unit tests share, so one fixture changes for all. */
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';

export const threeStepGraph: RunbookGraph = {
  inputs: [],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'delay_1', name: 'Wait', type: 'delay', seconds: '1' },
    { id: 'end_1', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'delay_1' },
    { from: 'delay_1', kind: 'next', to: 'end_1' },
  ],
  positions: { start: { x: 0, y: 0 }, delay_1: { x: 0, y: 100 }, end_1: { x: 0, y: 200 } },
};
