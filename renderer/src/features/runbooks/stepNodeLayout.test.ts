import { describe, expect, it } from 'vitest';
import { stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import { exitCentre, exitLabelBox, handlesOf, stepNodeSize } from './stepNodeLayout';

describe('the step layout', () => {
  it('puts the entry on the top edge and spreads the exits along the bottom, left to right', () => {
    for (const type of Object.keys(stepTypes) as StepType[]) {
      const handles = handlesOf(type);
      const entries = handles.filter((handle) => handle.type === 'target');
      const exits = handles.filter((handle) => handle.type === 'source');
      expect(entries).toHaveLength(type === 'start' ? 0 : 1);
      for (const entry of entries) {
        expect((entry.x + (entry.width ?? 0) / 2) * 2).toBe(stepNodeSize.width);
        expect(entry.y + (entry.height ?? 0) / 2).toBe(0);
      }
      expect(exits.map((exit) => exit.id)).toEqual(stepTypes[type].outgoing);
      const centres = exits.map((exit) => exit.x + (exit.width ?? 0) / 2);
      expect([...centres].sort((a, b) => a - b)).toEqual(centres);
      for (const exit of exits) {
        expect(exit.y + (exit.height ?? 0) / 2).toBe(stepNodeSize.height);
        expect(exit.x).toBeGreaterThan(0);
        expect(exit.x + (exit.width ?? 0)).toBeLessThan(stepNodeSize.width);
      }
    }
  });

  it('hands React Flow one array per step type', () => {
    expect(handlesOf('method')).toBe(handlesOf('method'));
  });
});

describe("an exit's name", () => {
  const shareOf = (index: number, count: number) => {
    const { left, width } = exitLabelBox(index, count, 1_000);
    return { from: left, to: left + width };
  };

  it('is centred above its handle when it fits', () => {
    for (const count of [1, 2, 3, 5]) {
      for (let index = 0; index < count; index += 1) {
        const { left, width } = exitLabelBox(index, count, 20);
        expect(width).toBe(20);
        expect(left + width / 2).toBe(exitCentre(index, count));
      }
    }
  });

  it('moves towards the side beside the first and last of three exits instead of being cut', () => {
    const room = exitCentre(1, 3) - exitCentre(0, 3) - 2;
    const first = exitLabelBox(0, 3, room + 12);
    const last = exitLabelBox(2, 3, room + 12);
    expect(first.width).toBe(room + 12);
    expect(last.width).toBe(room + 12);
    expect(first.left + first.width / 2).toBeLessThan(exitCentre(0, 3));
    expect(last.left + last.width / 2).toBeGreaterThan(exitCentre(2, 3));
    expect(last.left + last.width).toBeLessThanOrEqual(stepNodeSize.width);
    expect(first.left).toBeGreaterThanOrEqual(0);
    const middle = exitLabelBox(1, 3, room + 12);
    expect(middle.width).toBe(room);
  });

  it('never runs into its neighbours, however long the names', () => {
    for (const count of [2, 3, 4, 8]) {
      for (let index = 1; index < count; index += 1) {
        expect(shareOf(index, count).from).toBeGreaterThan(shareOf(index - 1, count).to);
      }
      expect(shareOf(0, count).from).toBeGreaterThan(0);
      expect(shareOf(count - 1, count).to).toBeLessThan(stepNodeSize.width);
    }
  });
});
