/**
 * Where the keyboard goes as a step form's rows (a Condition's rules, a Set variables step's
 * variables, the Start step's runbook inputs) are added and removed, each row found by its place:
 * after Add, in the new row's first field, ready to be typed over; after Remove, on the remove
 * button of the row now in its place, else of the row before, else on the Add button — a button,
 * where Ctrl+Z undoes the removal at once (in a field it is the field's own undo). As a Switch's
 * cases do, found by case id.
 */
import { useId } from 'react';
import { refocusWhenLost } from '../../../app/focusReturn';

/** The ids a form gives its rows' first fields, remove buttons and Add button, and where focus goes. */
export function useRowKeyboard() {
  const idPrefix = useId();
  const firstFieldId = (index: number) => `${idPrefix}-field-${String(index)}`;
  const removeId = (index: number) => `${idPrefix}-remove-${String(index)}`;
  const addId = `${idPrefix}-add`;
  return {
    /** The id of the Add button. */
    addId,
    /** The id of row `index`'s first field. */
    firstFieldId,
    /** The id of row `index`'s remove button. */
    removeId,
    /** Call after adding row `index`. */
    focusAdded: (index: number) =>
      requestAnimationFrame(() => {
        const field = document.getElementById(firstFieldId(index));
        field?.focus();
        if (field instanceof HTMLInputElement) field.select();
      }),
    /** Call after removing row `index` of the `count` there were. */
    refocusAfterRemoval: (index: number, count: number) =>
      refocusWhenLost(() => {
        // Rows are keyed by place: the last one goes whichever is removed.
        if (document.getElementById(removeId(count - 1)) !== null) return null; // not drawn yet
        return (
          document.getElementById(removeId(index)) ??
          document.getElementById(removeId(index - 1)) ??
          document.getElementById(addId)
        );
      }),
  };
}
