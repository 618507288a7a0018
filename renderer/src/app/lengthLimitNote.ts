/**
 * What a form says under a text field that has reached its longest: the field stops taking
 * characters there (maxLength, which also cuts a longer paste), which would otherwise pass unseen
 * until a save is refused. Method names and descriptions, configuration names and clients, an
 * integration's details.
 */

export interface LengthLimitNote {
  text: string;
  /** Past the limit (a text set by an import, not typed): a save would be refused. */
  isTooLong: boolean;
}

/**
 * The note for `text` in a field of at most `max` characters, naming it as `subject` ("A method
 * name"), or undefined while it is shorter than the limit.
 */
export function lengthLimitNoteOf(subject: string, text: string, max: number): LengthLimitNote | undefined {
  if (text.length < max) return undefined;
  const limit = `${subject} is at most ${String(max)} characters`;
  const over = text.length - max;
  return over === 0
    ? { text: `${limit}: this one has reached it.`, isTooLong: false }
    : {
        text: `${limit}: take out ${String(over)} ${over === 1 ? 'character' : 'characters'}.`,
        isTooLong: true,
      };
}
