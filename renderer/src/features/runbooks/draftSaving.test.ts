import { beforeEach, describe, expect, it } from 'vitest';
import type { Runbook } from '../../../../shared/domain/runbook';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { emptyHistory, recordChange } from './canvasHistory';
import { useDesignerStore } from './designerStore';
import { threeStepGraph } from './threeStepGraph';

const store = useDesignerStore.getState;
const opened: Runbook = {
  id: 'runbook-1',
  name: 'Morning checks',
  description: '',
  category: '',
  tags: [],
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-01T10:00:00.000Z',
  draft: threeStepGraph,
  draftRevision: 'r1',
};
/** The draft as another window saved it: Wait removed, Done renamed. */
const theirGraph: RunbookGraph = {
  ...threeStepGraph,
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'end_1', name: 'Renamed there', type: 'end', outcome: 'succeeded', message: '' },
  ],
  edges: [{ from: 'start', kind: 'next', to: 'end_1' }],
};
const savedThere: Runbook = {
  ...opened,
  name: 'Morning checks (renamed)',
  updatedAt: '2025-01-01T10:05:00.000Z',
  draft: theirGraph,
  draftRevision: 'r2',
};

beforeEach(() => {
  useDesignerStore.setState({
    runbook: opened,
    graph: threeStepGraph,
    stored: { revision: 'r1', updatedAt: opened.updatedAt },
    otherDraft: null,
    history: recordChange(emptyHistory(), threeStepGraph, { now: 0 }),
    saveState: 'saved',
    saveRefusal: null,
    selectedIds: ['delay_1'],
    selectedId: 'delay_1',
    selectedEdgeIds: [],
  });
});

describe('meeting the draft as stored', () => {
  it('takes a draft saved elsewhere when this window has no edits, its undo history going with the old graph', () => {
    expect(store().meetStoredDraft(savedThere)).toBe('taken');
    expect(store().graph).toBe(theirGraph);
    expect(store().stored).toEqual({ revision: 'r2', updatedAt: savedThere.updatedAt });
    expect(store().history.past).toHaveLength(0);
    expect(store().selectedIds).toEqual([]);
    expect(store().runbook?.name).toBe('Morning checks (renamed)');
  });

  it('keeps its own edits and the other draft aside when this window has edits not saved yet', () => {
    useDesignerStore.setState({ saveState: 'unsaved' });
    expect(store().meetStoredDraft(savedThere)).toBe('other');
    expect(store().graph).toBe(threeStepGraph);
    expect(store().otherDraft?.graph).toBe(theirGraph);
    expect(store().saveState).toBe('error');
    expect(store().saveRefusal?.message).toContain('choose Load theirs or Keep mine');
  });

  it('keeps the other draft aside when the last save failed, its edits still to save', () => {
    useDesignerStore.setState({ saveState: 'error' });
    expect(store().meetStoredDraft(savedThere)).toBe('other');
    expect(store().graph).toBe(threeStepGraph);
  });

  it('changes nothing for its own revision, taking the details only', () => {
    const detailsOnly = { ...opened, name: 'Evening checks', updatedAt: '2025-01-01T10:01:00.000Z' };
    expect(store().meetStoredDraft(detailsOnly)).toBe('same');
    expect(store().graph).toBe(threeStepGraph);
    expect(store().history.past).toHaveLength(1);
    expect(store().runbook?.name).toBe('Evening checks');
  });

  it('ignores a read answered before its own save, and one met while a save is on its way', () => {
    useDesignerStore.setState({ stored: { revision: 'r3', updatedAt: '2025-01-01T10:09:00.000Z' } });
    expect(store().meetStoredDraft(savedThere)).toBe('same');
    expect(store().graph).toBe(threeStepGraph);

    useDesignerStore.setState({
      stored: { revision: 'r1', updatedAt: opened.updatedAt },
      saveState: 'saving',
    });
    expect(store().meetStoredDraft(savedThere)).toBe('same');
    expect(store().graph).toBe(threeStepGraph);
    expect(store().otherDraft).toBeNull();
  });

  it('ignores a read of a runbook no longer open', () => {
    expect(store().meetStoredDraft({ ...savedThere, id: 'runbook-2' })).toBe('same');
    expect(store().graph).toBe(threeStepGraph);
  });
});
