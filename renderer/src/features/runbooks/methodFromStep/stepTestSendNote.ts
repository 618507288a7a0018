/**
 * What a step Test says beside Send while a value it would send is not known: before Send is
 * pressed, a calm note of what is still needed (an input to give above, a value to type under
 * Values sent); after a refused Send, the refusal, in the words the inputs' fields use ('Not
 * sent: "notify" is required.'). One message, never both.
 */
import type { ArgumentValue } from '../../../../../shared/runbook/stepTestArguments';

/** The note beside Send. */
export interface StepTestSendNote {
  text: string;
  /** Whether it is a refused Send's refusal (an alert in the danger colour), not a note. */
  isRefusal: boolean;
}

/** Whether an unresolved placeholder's path reads the input `name` (`inputs.ticket`, `inputs.ticket[0].id`). */
function readsInput(path: string, name: string): boolean {
  return /^inputs\.([^.[]+)/.exec(path)?.[1] === name;
}

/**
 * The inputs, of those with a problem (`inputProblems`, by name, in the runbook's order), that
 * leave one of the `missing` values unknown: what Send names, and where it takes the keyboard.
 */
export function inputsLeavingUnknown(
  missing: readonly ArgumentValue[],
  inputProblems: Readonly<Record<string, string>>,
): string[] {
  return Object.keys(inputProblems).filter((name) =>
    missing.some((argument) =>
      argument.placeholders.some(
        (placeholder) => placeholder.origin === null && readsInput(placeholder.path, name),
      ),
    ),
  );
}

/** "a", "a and b", "a, b and c". */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

const quoted = (name: string) => `"${name}"`;

/**
 * The note for these unknown values, null when there are none. A value whose every unknown
 * placeholder reads an input with a problem is asked for through that input; any other (an
 * earlier step's output no run gave, a template with no value) is to be typed under Values sent.
 */
export function stepTestSendNote(
  missing: readonly ArgumentValue[],
  inputProblems: Readonly<Record<string, string>>,
  isRefused: boolean,
): StepTestSendNote | null {
  if (missing.length === 0) return null;
  const inputNames = inputsLeavingUnknown(missing, inputProblems);
  const toType = missing
    .filter(
      (argument) =>
        argument.problem !== null ||
        argument.placeholders.some(
          (placeholder) =>
            placeholder.origin === null && !inputNames.some((name) => readsInput(placeholder.path, name)),
        ),
    )
    .map((argument) => quoted(argument.name));
  if (isRefused) {
    const typeSentence =
      toType.length === 1
        ? [`${listed(toType)} has no value — type one under Values sent.`]
        : toType.length > 1
          ? [`${listed(toType)} have no value — type them under Values sent.`]
          : [];
    const sentences = [...inputNames.map((name) => inputProblems[name] ?? ''), ...typeSentence];
    return { text: `Not sent: ${sentences.join(' ')}`, isRefusal: true };
  }
  const needed = [
    ...(inputNames.length === 0
      ? []
      : [`give the input${inputNames.length === 1 ? '' : 's'} ${listed(inputNames.map(quoted))} above`]),
    ...(toType.length === 0 ? [] : [`type a value for ${listed(toType)} under Values sent`]),
  ];
  return { text: `To send, ${needed.join(' and ')}.`, isRefusal: false };
}
