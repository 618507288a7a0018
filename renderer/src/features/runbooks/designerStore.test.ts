import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import { emptyHistory } from './canvasHistory';
import { selectIssueCount, selectStep, useDesignerStore } from './designerStore';
import { threeStepGraph } from './threeStepGraph';

const graph: RunbookGraph = threeStepGraph;
const store = useDesignerStore.getState;
/** A runbook input as Add input makes it, named. */
const input = {
  name: 'ticket',
  type: 'string',
  isRequired: false,
  defaultValue: '',
  description: '',
} as const;

beforeEach(() => {
  // No runbook is open, so the debounced save has nothing to send.
  vi.useFakeTimers();
  useDesignerStore.setState({
    runbook: null,
    graph,
    history: emptyHistory(),
    selectedIds: [],
    selectedId: null,
    selectedEdgeIds: [],
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the designer store', () => {
  it('records a whole drag as one undo entry', () => {
    store().moveSteps({ delay_1: { x: 10, y: 110 } }, false);
    store().moveSteps({ delay_1: { x: 20, y: 120 } }, false);
    expect(store().history.past).toHaveLength(0);
    store().moveSteps({ delay_1: { x: 30, y: 130 } }, true);
    expect(store().history.past).toHaveLength(1);
    store().undo();
    expect(store().graph?.positions.delay_1).toEqual({ x: 0, y: 100 });
  });

  it('marks undo as unsaved, so autosave persists it', () => {
    store().addStep('delay', { x: 50, y: 50 });
    useDesignerStore.setState({ saveState: 'saved' });
    store().undo();
    expect(store().saveState).toBe('unsaved');
    expect(store().graph?.steps).toHaveLength(3);
  });

  it('folds rapid edits of one field of a step into one entry', () => {
    const step = graph.steps[1];
    if (step?.type !== 'delay') throw new Error('fixture');
    store().updateStep('delay_1', { ...step, name: 'W' });
    vi.advanceTimersByTime(300);
    store().updateStep('delay_1', { ...step, name: 'Wa' });
    vi.advanceTimersByTime(300);
    store().updateStep('delay_1', { ...step, name: 'Wai' });
    expect(store().history.past).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    store().updateStep('delay_1', { ...step, name: 'Wait!' });
    expect(store().history.past).toHaveLength(2);
  });

  it('starts a new entry for an edit of another field of the step, however soon', () => {
    const step = graph.steps[1];
    if (step?.type !== 'delay') throw new Error('fixture');
    store().updateStep('delay_1', { ...step, name: 'Wait a' });
    store().updateStep('delay_1', { ...step, name: 'Wait a bit' });
    vi.advanceTimersByTime(100);
    store().updateStep('delay_1', { ...step, name: 'Wait a bit', seconds: '10' });
    expect(store().history.past).toHaveLength(2);
    store().undo();
    expect(selectStep(store(), 'delay_1')).toEqual({ ...step, name: 'Wait a bit' });
    store().undo();
    expect(selectStep(store(), 'delay_1')).toBe(step);
  });

  it('deletes a selection at once, never the Start step', () => {
    store().setSelection(['start', 'delay_1', 'end_1']);
    expect(store().selectedId).toBeNull();
    store().deleteElements(store().selectedIds);
    expect(store().graph?.steps.map((step) => step.id)).toEqual(['start']);
    expect(store().graph?.edges).toEqual([]);
    expect(store().selectedIds).toEqual(['start']);
    expect(store().selectedId).toBe('start');
    store().undo();
    expect(store().graph).toBe(graph);
  });

  it('connects a step added after another to that step’s first free exit, in one undo entry', () => {
    store().addStep('condition', { x: 0, y: 300 }, 'end_1');
    expect(store().graph?.edges).toEqual(graph.edges); // an End step has no exit to connect
    store().addStep('end', { x: 0, y: 400 }, 'condition_1');
    store().addStep('end', { x: 100, y: 400 }, 'condition_1');
    store().addStep('end', { x: 200, y: 400 }, 'condition_1');
    expect(store().graph?.edges.filter((edge) => edge.from === 'condition_1')).toEqual([
      { from: 'condition_1', kind: 'true', to: 'end_2' },
      { from: 'condition_1', kind: 'false', to: 'end_3' },
    ]);
    store().undo();
    store().undo();
    expect(store().graph?.edges.filter((edge) => edge.from === 'condition_1')).toEqual([
      { from: 'condition_1', kind: 'true', to: 'end_2' },
    ]);
  });

  it('drops a step from the selection when undo removes it', () => {
    store().addStep('end', { x: 0, y: 300 });
    expect(store().selectedId).toBe('end_2');
    store().undo();
    expect(store().selectedIds).toEqual([]);
    store().redo();
    expect(store().graph?.steps.at(-1)?.id).toBe('end_2');
  });

  it('finds a step by id, the same object until that step is edited', () => {
    const before = selectStep(store(), 'delay_1');
    expect(before?.name).toBe('Wait');
    store().moveSteps({ delay_1: { x: 10, y: 110 } }, true);
    expect(selectStep(store(), 'delay_1')).toBe(before);
    if (before?.type !== 'delay') throw new Error('fixture');
    store().updateStep('delay_1', { ...before, name: 'Pause' });
    expect(selectStep(store(), 'delay_1')?.name).toBe('Pause');
    expect(selectStep(store(), 'end_1')).toBe(graph.steps[2]);
    expect(selectStep(store(), 'nope')).toBeUndefined();
  });

  it('counts each step’s problems', () => {
    useDesignerStore.setState({
      issues: [
        { stepId: 'delay_1', message: 'one' },
        { stepId: null, message: 'graph' },
        { stepId: 'delay_1', message: 'two' },
      ],
    });
    expect(selectIssueCount(store(), 'delay_1')).toBe(2);
    expect(selectIssueCount(store(), 'end_1')).toBe(0);
    useDesignerStore.setState({ issues: [] });
    expect(selectIssueCount(store(), 'delay_1')).toBe(0);
  });

  it('records nothing when tidying up changes nothing', () => {
    store().applyLayout(graph.positions);
    expect(store().history.past).toHaveLength(0);
  });

  it('removes an input as an undo entry of its own, right after typing in the inputs', () => {
    store().setInputs([input]);
    store().setInputs([{ ...input, name: 'ticket_id' }]);
    store().removeInput(0);
    expect(store().graph?.inputs).toEqual([]);
    store().undo();
    expect(store().graph?.inputs.map((kept) => kept.name)).toEqual(['ticket_id']);
  });

  it('keeps adding an input, and typing in another input’s field, apart from the typing before', () => {
    store().setInputs([input], { isOwnUndoEntry: true });
    store().setInputs([{ ...input, name: 'ticket_i' }]);
    store().setInputs([{ ...input, name: 'ticket_id' }]);
    expect(store().history.past).toHaveLength(2);
    store().setInputs(
      [
        { ...input, name: 'ticket_id' },
        { ...input, name: 'input2' },
      ],
      { isOwnUndoEntry: true },
    );
    store().setInputs([
      { ...input, name: 'ticket_id' },
      { ...input, name: 'owner' },
    ]);
    store().setInputs([
      { ...input, name: 'ticket_id', defaultValue: 'T-1' },
      { ...input, name: 'owner' },
    ]);
    expect(store().history.past).toHaveLength(5);
    store().undo();
    expect(store().graph?.inputs.map((kept) => kept.defaultValue)).toEqual(['', '']);
    store().undo();
    expect(store().graph?.inputs.map((kept) => kept.name)).toEqual(['ticket_id', 'input2']);
    store().undo();
    expect(store().graph?.inputs.map((kept) => kept.name)).toEqual(['ticket_id']);
  });

  describe('a Switch’s cases', () => {
    const low = { id: 'c2', equals: 'low' };
    const route: StepOf<'switch'> = {
      id: 'route',
      name: 'Route',
      type: 'switch',
      value: '{{inputs.priority}}',
      cases: [{ id: 'c1', equals: 'high' }, low],
    };
    const withSwitch: RunbookGraph = {
      ...graph,
      steps: [...graph.steps, route],
      edges: [
        ...graph.edges,
        { from: 'route', kind: 'case_c1', to: 'delay_1' },
        { from: 'route', kind: 'case_c2', to: 'end_1' },
      ],
    };
    const cases = () => {
      const step = selectStep(store(), 'route');
      return step?.type === 'switch' ? step.cases : [];
    };
    const routeEdges = () =>
      store()
        .graph?.edges.filter((edge) => edge.from === 'route')
        .map((edge) => edge.kind);

    beforeEach(() => useDesignerStore.setState({ graph: withSwitch }));

    it('removes a case with its edge in one undo entry, apart from the typing before it', () => {
      store().updateStep('route', { ...route, cases: [{ id: 'c1', equals: 'urgent' }, low] });
      store().updateStep('route', { ...route, cases: [low] }, { isOwnUndoEntry: true });
      expect(routeEdges()).toEqual(['case_c2']);
      store().undo();
      // The case and its edge come back together; what was typed before stays.
      expect(cases()).toEqual([{ id: 'c1', equals: 'urgent' }, low]);
      expect(routeEdges()).toEqual(['case_c1', 'case_c2']);
      store().undo();
      expect(store().graph).toBe(withSwitch);
    });

    it('adds a case in one undo entry, apart from the typing before and after it', () => {
      const typed = { ...route, cases: [{ id: 'c1', equals: 'urgent' }, low] };
      store().updateStep('route', typed);
      const added = { ...typed, cases: [...typed.cases, { id: 'c3', equals: '' }] };
      store().updateStep('route', added, { isOwnUndoEntry: true });
      store().updateStep('route', { ...added, cases: [...typed.cases, { id: 'c3', equals: 'later' }] });
      expect(store().history.past).toHaveLength(3);
      store().undo();
      expect(cases().map((item) => item.equals)).toEqual(['urgent', 'low', '']);
      store().undo();
      expect(cases().map((item) => item.equals)).toEqual(['urgent', 'low']);
    });

    it('keeps typing in one case apart from typing in another', () => {
      store().updateStep('route', { ...route, cases: [{ id: 'c1', equals: 'urgent' }, low] });
      store().updateStep('route', {
        ...route,
        cases: [
          { id: 'c1', equals: 'urgent' },
          { ...low, equals: 'lo' },
        ],
      });
      expect(store().history.past).toHaveLength(2);
      store().undo();
      expect(cases()).toEqual([{ id: 'c1', equals: 'urgent' }, low]);
    });

    it('keeps the edges, the same list, while a case’s value is typed', () => {
      store().updateStep('route', { ...route, cases: [{ id: 'c1', equals: 'h' }, low] });
      expect(store().graph?.edges).toBe(withSwitch.edges);
    });
  });
});
