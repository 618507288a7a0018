import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import {
  clipboardFormat,
  copySteps,
  freshPasteSpot,
  parseClipboard,
  pasteCornerInView,
  pasteSteps,
  placePaste,
  serializeClipboard,
} from './clipboard';

const graph: RunbookGraph = {
  inputs: [],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'delay_1', name: 'Wait', type: 'delay', seconds: '2' },
    {
      id: 'condition_1',
      name: 'Slow?',
      type: 'condition',
      combine: 'all',
      rules: [{ left: '{{ steps.delay_1.status }}', operator: 'equals', right: '{{steps.start.status}}' }],
    },
    { id: 'end_1', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'delay_1' },
    { from: 'delay_1', kind: 'next', to: 'condition_1' },
    { from: 'condition_1', kind: 'true', to: 'end_1' },
  ],
  positions: {
    start: { x: 0, y: 0 },
    delay_1: { x: 100, y: 200 },
    condition_1: { x: 140, y: 320 },
    end_1: { x: 100, y: 460 },
  },
};

function roundTrip(ids: string[]) {
  const payload = copySteps(graph, ids);
  if (payload === null) throw new Error('nothing copied');
  const parsed = parseClipboard(serializeClipboard(payload));
  if (parsed === null) throw new Error('not read back');
  return parsed;
}

describe('copying steps', () => {
  it('copies the steps with only the edges between them', () => {
    const payload = roundTrip(['delay_1', 'condition_1']);
    expect(payload.format).toBe(clipboardFormat);
    expect(payload.steps.map((step) => step.id)).toEqual(['delay_1', 'condition_1']);
    expect(payload.edges).toEqual([{ from: 'delay_1', kind: 'next', to: 'condition_1' }]);
    expect(payload.positions).toEqual({ delay_1: { x: 100, y: 200 }, condition_1: { x: 140, y: 320 } });
  });

  it('never copies the Start step', () => {
    expect(copySteps(graph, ['start'])).toBeNull();
    expect(roundTrip(['start', 'end_1']).steps.map((step) => step.id)).toEqual(['end_1']);
  });
});

describe('reading the clipboard', () => {
  it.each([
    ['plain text', 'hello'],
    ['other JSON', '{"steps": []}'],
    ['another version', JSON.stringify({ format: clipboardFormat, version: 2, steps: [], edges: [] })],
    [
      'an invalid step',
      JSON.stringify({ format: clipboardFormat, version: 1, steps: [{ id: 'x', type: 'nope' }], edges: [] }),
    ],
    [
      'only a Start step',
      JSON.stringify({
        format: clipboardFormat,
        version: 1,
        steps: [{ id: 'start', name: 'Start', type: 'start' }],
      }),
    ],
  ])('refuses %s', (_name, text) => {
    expect(parseClipboard(text)).toBeNull();
  });

  it('drops edges that leave the copy or use an exit the step lacks', () => {
    const text = JSON.stringify({
      format: clipboardFormat,
      version: 1,
      steps: [
        { id: 'delay_1', name: 'Wait', type: 'delay', seconds: '1' },
        { id: 'end_1', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'delay_1', kind: 'next', to: 'end_1' },
        { from: 'delay_1', kind: 'true', to: 'end_1' },
        { from: 'delay_1', kind: 'next', to: 'elsewhere' },
      ],
    });
    expect(parseClipboard(text)?.edges).toEqual([{ from: 'delay_1', kind: 'next', to: 'end_1' }]);
  });
});

describe('pasting steps', () => {
  it('gives pasted steps fresh ids and renames their edges', () => {
    const { graph: next, pastedIds } = pasteSteps(graph, roundTrip(['delay_1', 'condition_1']), {
      offset: { x: 40, y: 40 },
    });
    expect(pastedIds).toEqual(['delay_2', 'condition_2']);
    expect(new Set(next.steps.map((step) => step.id)).size).toBe(next.steps.length);
    expect(next.edges.slice(graph.edges.length)).toEqual([
      { from: 'delay_2', kind: 'next', to: 'condition_2' },
    ]);
  });

  it('points references among the pasted steps at the copies', () => {
    const { graph: next } = pasteSteps(graph, roundTrip(['delay_1', 'condition_1']), {
      offset: { x: 40, y: 40 },
    });
    const condition = next.steps.find((step) => step.id === 'condition_2');
    expect(condition?.type === 'condition' && condition.rules[0]).toEqual({
      left: '{{ steps.delay_2.status }}',
      operator: 'equals',
      right: '{{steps.start.status}}',
    });
  });

  it('shifts the copy by the offset where that covers no step', () => {
    const { graph: next } = pasteSteps(graph, roundTrip(['delay_1', 'condition_1']), {
      offset: { x: 400, y: 40 },
    });
    expect(next.positions.delay_2).toEqual({ x: 500, y: 240 });
    expect(next.positions.condition_2).toEqual({ x: 540, y: 360 });
  });

  it('puts the top-left of the copy at a point where that covers no step', () => {
    const { graph: next } = pasteSteps(graph, roundTrip(['delay_1', 'condition_1']), {
      at: { x: 600, y: 0 },
    });
    expect(next.positions.delay_2).toEqual({ x: 600, y: 0 });
    expect(next.positions.condition_2).toEqual({ x: 640, y: 120 });
  });

  it('moves a copy that would cover steps to the nearest spot clear of them, keeping its layout', () => {
    const { graph: next } = pasteSteps(graph, roundTrip(['delay_1', 'condition_1']), {
      offset: { x: 40, y: 40 },
    });
    const copied = next.positions.delay_2;
    const second = next.positions.condition_2;
    expect(second).toEqual({ x: (copied?.x ?? 0) + 40, y: (copied?.y ?? 0) + 120 });
    const boxes = Object.values(next.positions);
    const overlapping = boxes.flatMap((a, index) =>
      boxes.slice(index + 1).filter((b) => Math.abs(a.x - b.x) < 180 && Math.abs(a.y - b.y) < 64),
    );
    expect(overlapping).toEqual([]);
  });

  it('keeps ids that are free in another runbook', () => {
    const empty: RunbookGraph = {
      ...graph,
      steps: graph.steps.filter((step) => step.type === 'start'),
      edges: [],
      positions: {},
    };
    const { pastedIds } = pasteSteps(empty, roundTrip(['delay_1', 'end_1']), { offset: { x: 0, y: 0 } });
    expect(pastedIds).toEqual(['delay_1', 'end_1']);
  });
});

describe('placing repeated pastes', () => {
  it('shifts each paste of a copy 40 px further', () => {
    const first = placePaste(freshPasteSpot, null);
    const second = placePaste(first.spot, null);
    expect([first.placement, second.placement]).toEqual([
      { offset: { x: 40, y: 40 } },
      { offset: { x: 80, y: 80 } },
    ]);
  });

  it('pastes at the pointer, cascading only while it stays put', () => {
    const first = placePaste(freshPasteSpot, { x: 10, y: 10 });
    const again = placePaste(first.spot, { x: 11, y: 10 });
    const elsewhere = placePaste(again.spot, { x: 300, y: 10 });
    expect([first.placement, again.placement, elsewhere.placement]).toEqual([
      { at: { x: 10, y: 10 } },
      { at: { x: 51, y: 50 } },
      { at: { x: 300, y: 10 } },
    ]);
  });
});

describe('pasting with no pointer over the canvas', () => {
  const view = { left: 0, top: 0, right: 900, bottom: 600 };
  const copied = (x: number, y: number) => {
    const payload = copySteps({ ...graph, positions: { delay_1: { x, y } } }, ['delay_1']);
    if (payload === null) throw new Error('nothing copied');
    return payload;
  };

  it('shifts the paste from the copy while the copy shows', () => {
    expect(pasteCornerInView(copied(100, 200), view)).toBeNull();
  });

  it('puts a copy made out of sight a third of the way into the view', () => {
    expect(pasteCornerInView(copied(2_900, 2_280), view)).toEqual({ x: 300, y: 200 });
    expect(pasteCornerInView(copied(-500, 100), { left: 100, top: 100, right: 400, bottom: 400 })).toEqual({
      x: 200,
      y: 200,
    });
  });
});
