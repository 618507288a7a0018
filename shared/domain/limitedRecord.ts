/**
 * A record (an object of values by name) with a bound on its entries: zod bounds strings and
 * arrays but not the keys of a record, and every free-form object the contract takes needs one.
 */
import { z } from 'zod';

export function limitedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(
  key: K,
  value: V,
  maxEntries: number,
) {
  // Formatted once here: a message given as text is built for every value checked, refused or not.
  const message = `At most ${maxEntries.toLocaleString('en')} entries`;
  return z.record(key, value).refine((record) => Object.keys(record).length <= maxEntries, { message });
}
