/**
 * What the Run dialog sends for the inputs typed into it: a Yes/no input as a real boolean, so
 * the run is given `true` or `false` from its first record, as a webhook or an inputs file gives
 * it. Other values go as typed; the backend reads numbers and JSON from the text.
 */
import type { RunbookInput } from '../../../../shared/runbook/runbookGraph';

/** Input values as a run is started with them from a window. */
export type RunInputValues = Record<string, string | boolean>;

/** The typed values (checked by runInputProblems first), each as it is sent. */
export function runInputValues(
  declared: readonly RunbookInput[],
  typed: Readonly<Record<string, string>>,
): RunInputValues {
  // Own entries only: an input named "__proto__" assigned plainly would set the prototype.
  const booleans = new Map(
    declared.filter((input) => input.type === 'boolean').map((input) => [input.name, true]),
  );
  return Object.fromEntries(
    Object.entries(typed).map(([name, text]) => [
      name,
      booleans.has(name) && (text === 'true' || text === 'false') ? text === 'true' : text,
    ]),
  );
}
