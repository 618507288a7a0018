import { describe, expect, it } from 'vitest';
import { stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import { handlesOf, stepNodeSize } from './stepNodeLayout';

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
