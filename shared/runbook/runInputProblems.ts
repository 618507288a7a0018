/**
 * What is wrong with the inputs typed into the Run dialog, by input name — checked before a run
 * starts, so a missing or mistyped value is shown at its field instead of starting a run that
 * fails at once. The same rules as the engine's (electron/services/engine/runInputs.ts), for text,
 * and the contract's bound on their size (runInputsSize.ts), shown at the largest input.
 */
import type { RunbookInput } from './runbookGraph';
import { runInputsSizeProblem } from './runInputsSize';

/** The problem of each input whose typed text cannot start a run; an empty object when none. */
export function runInputProblems(
  declared: readonly RunbookInput[],
  typed: Readonly<Record<string, string>>,
): Record<string, string> {
  // Read and kept as own entries: an input named "__proto__" read plainly is the object's
  // prototype, and its problem assigned plainly was lost.
  const problems = new Map<string, string>();
  for (const input of declared) {
    const text = (Object.hasOwn(typed, input.name) ? typed[input.name] : undefined) ?? input.defaultValue;
    if (text === '') {
      if (input.isRequired) problems.set(input.name, `"${input.name}" is required.`);
      continue;
    }
    const problem = problemOf(input, text);
    if (problem !== undefined) problems.set(input.name, problem);
  }
  const tooLarge = runInputsSizeProblem(typed);
  if (tooLarge !== undefined && !problems.has(tooLarge.name)) problems.set(tooLarge.name, tooLarge.message);
  return Object.fromEntries(problems);
}

function problemOf(input: RunbookInput, text: string): string | undefined {
  switch (input.type) {
    case 'string':
      return undefined;
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text))
        ? undefined
        : `"${input.name}" must be a number.`;
    case 'boolean':
      return text === 'true' || text === 'false' ? undefined : `"${input.name}" must be Yes or No.`;
    case 'json':
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return `"${input.name}" must be JSON.`;
      }
  }
}
