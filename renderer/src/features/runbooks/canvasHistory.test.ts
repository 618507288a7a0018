import { describe, expect, it } from 'vitest';
import { emptyHistory, recordChange, redoChange, undoChange, type History } from './canvasHistory';

/** Applies edits a → b → c … at the given times, as the store does. */
function edit(
  steps: { value: string; mergeKey?: string; at: number }[],
  start = 'a',
): { value: string; history: History<string> } {
  let value = start;
  let history = emptyHistory<string>();
  for (const step of steps) {
    history = recordChange(history, value, { mergeKey: step.mergeKey, now: step.at });
    value = step.value;
  }
  return { value, history };
}

describe('canvas history', () => {
  it('undoes and redoes edits in order', () => {
    const { value, history } = edit([
      { value: 'b', at: 0 },
      { value: 'c', at: 1_000 },
    ]);
    const first = undoChange(history, value);
    expect(first?.value).toBe('b');
    const second = undoChange(first?.history ?? history, 'b');
    expect(second?.value).toBe('a');
    expect(undoChange(second?.history ?? history, 'a')).toBeNull();
    const again = redoChange(second?.history ?? history, 'a');
    expect(again?.value).toBe('b');
    expect(redoChange(again?.history ?? history, 'b')?.value).toBe('c');
  });

  it('has nothing to redo after a new edit', () => {
    const { value, history } = edit([{ value: 'b', at: 0 }]);
    const undone = undoChange(history, value);
    const edited = recordChange(undone?.history ?? history, 'a', { now: 10 });
    expect(edited.future).toHaveLength(0);
    expect(redoChange(edited, 'x')).toBeNull();
  });

  it('folds rapid edits with the same key into one entry', () => {
    const { value, history } = edit([
      { value: 'ab', mergeKey: 'step:a', at: 0 },
      { value: 'abc', mergeKey: 'step:a', at: 500 },
      { value: 'abcd', mergeKey: 'step:a', at: 1_200 },
    ]);
    expect(history.past).toHaveLength(1);
    expect(undoChange(history, value)?.value).toBe('a');
  });

  it('starts a new entry after a pause or for another key', () => {
    const paused = edit([
      { value: 'ab', mergeKey: 'step:a', at: 0 },
      { value: 'abc', mergeKey: 'step:a', at: 900 },
    ]);
    expect(paused.history.past).toHaveLength(2);
    const otherKey = edit([
      { value: 'ab', mergeKey: 'step:a', at: 0 },
      { value: 'abc', mergeKey: 'step:b', at: 100 },
    ]);
    expect(otherKey.history.past).toHaveLength(2);
  });

  it('folds an edit only into the last entry, not into an earlier one of its key', () => {
    // Typing in one field, then another, then the first again: three entries.
    const { history } = edit([
      { value: 'ab', mergeKey: 'step:a:name', at: 0 },
      { value: 'abc', mergeKey: 'step:a:seconds', at: 100 },
      { value: 'abcd', mergeKey: 'step:a:name', at: 200 },
    ]);
    expect(history.past).toHaveLength(3);
  });

  it('never folds an edit into the entry before an undo', () => {
    const { value, history } = edit([
      { value: 'b', mergeKey: 'step:a', at: 0 },
      { value: 'c', mergeKey: 'step:b', at: 100 },
    ]);
    const undone = undoChange(history, value);
    const next = recordChange(undone?.history ?? history, 'b', { mergeKey: 'step:a', now: 200 });
    expect(next.past).toHaveLength(2);
    expect(undoChange(next, 'd')?.value).toBe('b');
  });

  it('keeps at most the limit, dropping the oldest', () => {
    let history = emptyHistory<number>();
    for (let value = 0; value < 10; value += 1)
      history = recordChange(history, value, { now: value, limit: 3 });
    expect(history.past.map((entry) => entry.before)).toEqual([7, 8, 9]);
  });
});
