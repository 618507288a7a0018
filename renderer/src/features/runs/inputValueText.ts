/**
 * A run input's value as a person reads it, in the words the Run dialog offers: a Yes/no input's
 * true and false as Yes and No (runs carry real booleans), text as typed, a number as written,
 * a JSON input's value as JSON.
 */
import type { RunbookInput } from '../../../../shared/runbook/runbookGraph';

/** The words for a Yes/no input's values, by the value's text ("true", "false"). */
export const yesNoWords = { true: 'Yes', false: 'No' } as const;

/**
 * How a recorded input value reads; null when the run was given none. `type` is the input's
 * declared type, if known: only a JSON input's `true` stays `true`.
 */
export function inputValueText(value: unknown, type: RunbookInput['type'] | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'json') return JSON.stringify(value, null, 2);
  if (typeof value === 'boolean') return value ? yesNoWords.true : yesNoWords.false;
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/**
 * The choices of a Yes/no input's default in the inspector: none, Yes or No (stored as "true" or
 * "false"), as [value, label]. Any other stored text (a file written by hand, a default typed
 * before the type was changed) is listed as it is, so that it is seen and can be replaced.
 */
export function yesNoDefaultChoices(current: string): (readonly [string, string])[] {
  const choices: (readonly [string, string])[] = [
    ['', 'None'],
    ['true', yesNoWords.true],
    ['false', yesNoWords.false],
  ];
  return choices.some(([value]) => value === current)
    ? choices
    : [...choices, [current, `${current} (not ${yesNoWords.true} or ${yesNoWords.false})`]];
}
