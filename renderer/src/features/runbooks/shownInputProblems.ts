/**
 * When the Run dialog and the Test step dialog say what is wrong with a runbook input: not while
 * the dialog is fresh (an empty required input does not say "required" before the user did
 * anything), but once the user has left its field — typed in or not — or has pressed Start or
 * Send, which show every problem at once. From then on its message follows what is typed.
 */
import { useState } from 'react';

/** What the user has done in the dialog so far. */
export interface InputVisits {
  /** The inputs whose field the user has been in and left. */
  left: readonly string[];
  /** Whether Start (or Send) was pressed. */
  isSubmitted: boolean;
}

/** A dialog just opened. */
export const freshVisits: InputVisits = { left: [], isSubmitted: false };

/** The problems of `problems` (by input name) the dialog shows after `visits`. */
export function shownInputProblems(
  problems: Readonly<Record<string, string>>,
  visits: InputVisits,
): Record<string, string> {
  if (visits.isSubmitted) return { ...problems };
  return Object.fromEntries(Object.entries(problems).filter(([name]) => visits.left.includes(name)));
}

/** The visits of one dialog, with what its fields' blur and its Start or Send button report. */
export function useInputVisits(): {
  visits: InputVisits;
  onLeave: (name: string) => void;
  onSubmit: () => void;
} {
  const [visits, setVisits] = useState<InputVisits>(freshVisits);
  return {
    visits,
    onLeave: (name) =>
      setVisits((current) =>
        current.left.includes(name) ? current : { ...current, left: [...current.left, name] },
      ),
    onSubmit: () =>
      setVisits((current) => (current.isSubmitted ? current : { ...current, isSubmitted: true })),
  };
}
