/**
 * A record (an object of values by name) with a bound on its entries: zod bounds strings and
 * arrays but not the keys of a record, and every free-form object the contract takes needs one.
 */
import { z } from 'zod';
import { countText } from './countText';

export function limitedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(
  key: K,
  value: V,
  maxEntries: number,
) {
  // Formatted once here: a message given as text is built for every value checked, refused or not.
  const message = `At most ${countText(maxEntries)} entries`;
  const record = z.record(key, value);
  // Counted before any entry is checked: a record of 450,000 entries (a 4 MB call) is refused at
  // once, instead of after every entry was checked (seconds in which the backend answered nothing).
  const counted = z.preprocess((input, context) => {
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      let entries = 0;
      for (const name in input) {
        if (!Object.hasOwn(input, name)) continue;
        entries += 1;
        if (entries > maxEntries) {
          context.addIssue({ code: 'custom', message });
          break;
        }
      }
    }
    return input;
  }, record);
  // A record to its users (its JSON Schema is the record's); the count is checked on the way in.
  return counted as unknown as typeof record;
}

/**
 * A record checked by `record` and given back as it came: zod's record rebuilds the object and
 * leaves out a key "__proto__" — a name a method may declare (`/items/{__proto__}`), an input or
 * a variable may have — so its value was lost without a word.
 */
export function recordAsGiven<V>(record: z.ZodType<Record<string, V>>, valueSchema: object = {}) {
  return z
    .custom<Record<string, V>>()
    .superRefine((value, context) => {
      const checked = record.safeParse(value);
      if (!checked.success) for (const issue of checked.error.issues) context.addIssue({ ...issue });
    })
    .meta({ type: 'object', additionalProperties: valueSchema });
}
