/**
 * Which runbook inputs a step Test asks for — those its argument templates read — and the value
 * each starts with: the latest run's, else its default, saying which.
 */
import { parseTemplate, renderValue } from '../../../../../shared/expressions/template';
import type { RunbookInput } from '../../../../../shared/runbook/runbookGraph';

/** The id of an input's field in the dialog, for Send to move the keyboard to the first one refused. */
export function testInputId(name: string): string {
  return `step-test-input-${name}`;
}

/** The id of the field for a value the test could not resolve, typed for this test instead. */
export function argumentValueId(name: string): string {
  return `step-test-value-${name}`;
}

/** The names `{{inputs.<name>…}}` reads in these templates (a template that does not parse reads none). */
function inputNamesIn(templates: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const template of templates) {
    try {
      for (const part of parseTemplate(template)) {
        const [root, name] = part.kind === 'variable' ? part.segments : [];
        if (root === 'inputs' && typeof name === 'string') names.add(name);
      }
    } catch {
      // Its problem is shown at its row of the values sent.
    }
  }
  return names;
}

/** The inputs these templates (the step's arguments, and any examples') read, in the runbook's order. */
export function inputsUsed(templates: readonly string[], inputs: readonly RunbookInput[]): RunbookInput[] {
  const names = inputNamesIn(templates);
  return inputs.filter((input) => names.has(input.name));
}

/**
 * A latest run's value as the field holds it: as the Run dialog would take it again (a Yes/no
 * input's true as "true", which the field offers as Yes), a JSON input's as JSON (its text "abc"
 * as "\"abc\"", which parses back to the same).
 */
function fieldText(input: RunbookInput, value: unknown): string {
  return input.type === 'json' ? (JSON.stringify(value) ?? '') : renderValue(value);
}

/** Each input's first value: the latest run's, else its default; and where it came from. */
export function firstInputValues(
  used: readonly RunbookInput[],
  latestInputs: Record<string, unknown> | undefined,
): { values: Record<string, string>; origins: Record<string, string> } {
  // Read and kept as own entries: an input named "__proto__" read plainly is the object's
  // prototype, and assigned plainly it was dropped.
  const values: [string, string][] = [];
  const origins: [string, string][] = [];
  for (const input of used) {
    const fromRun =
      latestInputs !== undefined && Object.hasOwn(latestInputs, input.name)
        ? latestInputs[input.name]
        : undefined;
    const isFromRun = fromRun !== undefined && fromRun !== null;
    values.push([input.name, isFromRun ? fieldText(input, fromRun) : input.defaultValue]);
    origins.push([
      input.name,
      isFromRun ? 'from the latest run' : input.defaultValue === '' ? '' : 'its default',
    ]);
  }
  return { values: Object.fromEntries(values), origins: Object.fromEntries(origins) };
}
