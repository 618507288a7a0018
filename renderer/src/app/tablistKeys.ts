/**
 * The keys of a tab list (WAI-ARIA): the arrow keys move to the tab before or after, Home and End
 * to the first and last, choosing it; only the chosen tab is in the Tab order (tabIndex 0).
 */
import type { KeyboardEvent } from 'react';

/** Handles a key on one of `names`' tabs (`current` chosen); true when it moved. */
export function moveBetweenTabs<Name extends string>(
  event: KeyboardEvent<HTMLElement>,
  names: readonly Name[],
  current: Name,
  choose: (name: Name) => void,
): boolean {
  const index = names.indexOf(current);
  const next =
    event.key === 'ArrowRight'
      ? (index + 1) % names.length
      : event.key === 'ArrowLeft'
        ? (index - 1 + names.length) % names.length
        : event.key === 'Home'
          ? 0
          : event.key === 'End'
            ? names.length - 1
            : -1;
  const name = names[next];
  if (name === undefined) return false;
  event.preventDefault();
  choose(name);
  // The chosen tab takes the focus once it is drawn as chosen (its tabIndex is 0 then).
  const tablist = event.currentTarget.closest('[role="tablist"]');
  requestAnimationFrame(() => tablist?.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus());
  return true;
}
