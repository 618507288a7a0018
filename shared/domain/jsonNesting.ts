/**
 * How deep free JSON may nest wherever it enters the app (run inputs, webhook payloads, imported
 * files, JWT claims). Storing, copying or walking a value recurses, and 5,000 levels overflowed
 * the stack; 64 is far beyond what any real document needs. The check itself walks with an
 * explicit stack and stops at the first level too deep, so it cannot overflow nor walk far.
 */
import { z } from 'zod';
import { limitedRecord } from './limitedRecord';

export const maxJsonNesting = 64;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

/** The path to a frame, each key cut to 40 characters and the whole to its last 200. */
const pathOf = (frame: Frame): string => {
  let path = '';
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) {
    const key = typeof at.key === 'number' ? `[${String(at.key)}]` : `.${at.key.slice(0, 40)}`;
    path = `${key}${path}`;
  }
  return path.length > 200 ? `…${path.slice(-200)}` : path;
};

/**
 * Where `value` first holds something deeper than `limit` levels, as a path from the value
 * (".a[0].b"); undefined when it does not. The value itself is level 0, the items of an array
 * or object one level deeper than it (as the import has always counted).
 */
export function findTooDeep(value: unknown, limit = maxJsonNesting): string | undefined {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth > limit) return pathOf(frame);
    const current = frame.value;
    if (typeof current !== 'object' || current === null) continue;
    const parent = frame;
    const depth = frame.depth + 1;
    if (Array.isArray(current)) {
      current.forEach((item: unknown, index) => stack.push({ value: item, depth, parent, key: index }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) stack.push({ value: item, depth, parent, key });
  }
  return undefined;
}

/** The message both the contract and the webhook give for a value nested too deep. */
export function tooDeepMessage(what: string, path: string): string {
  return `${what} nests deeper than ${String(maxJsonNesting)} levels${path === '' ? '' : ` (at ${path})`}; flatten it.`;
}

/** Any JSON value, refused when it nests deeper than maxJsonNesting; the issue names the field. */
export const boundedJsonSchema = z.unknown().superRefine((value, context) => {
  const path = findTooDeep(value);
  if (path !== undefined) context.addIssue({ code: 'custom', message: tooDeepMessage('The value', path) });
});

/** An object of free JSON values by name (run inputs, extra claims), bounded in keys and depth. */
export const boundedJsonRecordSchema = limitedRecord(z.string().max(200), boundedJsonSchema, 1_000);

/**
 * An object of free JSON values by name, bounded as boundedJsonRecordSchema is and given back as
 * it came: zod's record rebuilds the object and leaves a key "__proto__" out (a valid variable or
 * input name, or a key of an API's JSON object), so the value was lost. Run inputs (runs.start,
 * runGroups.start), a test case's inputs, and a step's outputs as recorded use it.
 */
export const jsonRecordAsGivenSchema = z
  .custom<Record<string, unknown>>()
  .superRefine((value, context) => {
    const checked = boundedJsonRecordSchema.safeParse(value);
    if (!checked.success) for (const issue of checked.error.issues) context.addIssue({ ...issue });
  })
  .meta({ type: 'object', additionalProperties: {} });

/**
 * A step's outputs as recorded (a pin's, a test case's): a pin set so, or a test case saved or
 * imported so, lost an output named "__proto__".
 */
export const recordedOutputsSchema = jsonRecordAsGivenSchema;
