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
  const values: RunInputValues = { ...typed };
  for (const input of declared) {
    const text = typed[input.name];
    if (input.type === 'boolean' && (text === 'true' || text === 'false'))
      values[input.name] = text === 'true';
  }
  return values;
}
