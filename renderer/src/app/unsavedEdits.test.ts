/** The unsaved-edits guard's bookkeeping: a leave waits for the answer only while edits are held. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  discardEditsAndLeave,
  hasUnsavedEdits,
  holdUnsavedEdits,
  keepEditing,
  leaveUnlessUnsaved,
  useUnsavedEditsStore,
} from './unsavedEdits';

afterEach(() => useUnsavedEditsStore.setState({ holders: new Set(), pendingLeave: null }));

describe('the unsaved-edits guard', () => {
  it('leaves at once when no form holds edits', () => {
    let left = 0;
    leaveUnlessUnsaved(() => (left += 1));
    expect(left).toBe(1);
    expect(useUnsavedEditsStore.getState().pendingLeave).toBeNull();
  });

  it('holds the leave while a form has edits; Keep editing drops it, Discard goes', () => {
    const form = Symbol('form');
    holdUnsavedEdits(form, true);
    let left = 0;
    leaveUnlessUnsaved(() => (left += 1));
    expect(left).toBe(0);
    keepEditing();
    expect(left).toBe(0);
    expect(hasUnsavedEdits()).toBe(true);
    leaveUnlessUnsaved(() => (left += 1));
    discardEditsAndLeave();
    expect(left).toBe(1);
    expect(hasUnsavedEdits()).toBe(false);
  });

  it('counts each form on its own: one saved form does not clear another', () => {
    const details = Symbol('details');
    const configuration = Symbol('configuration');
    holdUnsavedEdits(details, true);
    holdUnsavedEdits(configuration, true);
    holdUnsavedEdits(details, false);
    expect(hasUnsavedEdits()).toBe(true);
    holdUnsavedEdits(configuration, false);
    expect(hasUnsavedEdits()).toBe(false);
  });
});
