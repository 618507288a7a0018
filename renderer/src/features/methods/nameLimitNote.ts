/**
 * What the method editor says under a name that has reached its longest: the field stops taking
 * characters there (and cuts a longer paste), which would otherwise pass unseen until a save
 * is refused.
 */
import { methodLimits } from '../../../../shared/domain/method';

export interface NameLimitNote {
  text: string;
  /** Past the limit (a name set by an import, not typed): a save would be refused. */
  isTooLong: boolean;
}

/** The note for a method name of this length, or undefined while it is shorter than the limit. */
export function nameLimitNoteOf(name: string, max: number = methodLimits.nameMax): NameLimitNote | undefined {
  if (name.length < max) return undefined;
  const limit = `A method name is at most ${String(max)} characters`;
  const over = name.length - max;
  return over === 0
    ? { text: `${limit}: this one has reached it.`, isTooLong: false }
    : {
        text: `${limit}: take out ${String(over)} ${over === 1 ? 'character' : 'characters'}.`,
        isTooLong: true,
      };
}
