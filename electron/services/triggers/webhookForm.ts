/**
 * A form delivery (application/x-www-form-urlencoded) read as its fields. URLSearchParams turns
 * bytes that are not UTF-8, raw or percent-encoded (a Latin-1 "%E9"), into U+FFFD: the run would
 * get other text than was sent, without a word. Such a field is named instead.
 */
import { isUtf8 } from 'node:buffer';
import { findTooBroad, maxJsonObjectKeys, tooBroadMessage } from '../../../shared/domain/jsonBreadth';
import { countText } from '../../../shared/domain/countText';

/** The fields read, the first field that is not UTF-8, or why the form is too broad to read. */
export type FormReading = { payload: unknown } | { notUtf8Field: string } | { tooBroad: string };

/** A % that starts no escape stays as it is (URLSearchParams keeps it too). */
const loneEscape = /%(?![0-9A-Fa-f]{2})/g;

/** Whether one `name=value` part is UTF-8 text, raw and once its escapes are decoded. */
function isUtf8Part(part: Buffer): boolean {
  if (!isUtf8(part)) return false;
  try {
    decodeURIComponent(part.toString('utf8').replace(loneEscape, '%25'));
    return true;
  } catch {
    return false;
  }
}

/** Whether the form has more fields than one object may have keys, counted without reading them. */
function hasTooManyFields(body: Buffer): boolean {
  let fields = 1;
  for (let at = body.indexOf('&'); at >= 0; at = body.indexOf('&', at + 1)) {
    fields += 1;
    if (fields > maxJsonObjectKeys) return true;
  }
  return false;
}

/**
 * The form's fields (or, for GitHub's form deliveries, the JSON document in their one "payload"
 * field), the name of the first field that is not UTF-8, or why it is too broad: its fields
 * become one object's keys, and its "payload" is bounded as a JSON body is (`maxValues`).
 */
export function readForm(body: Buffer, maxValues: number): FormReading {
  if (hasTooManyFields(body)) {
    const most = countText(maxJsonObjectKeys);
    return { tooBroad: `The form has more than ${most} fields; send at most ${most}.` };
  }
  for (let start = 0; start <= body.length;) {
    const ampersand = body.indexOf('&', start);
    const end = ampersand < 0 ? body.length : ampersand;
    const part = body.subarray(start, end);
    if (!isUtf8Part(part)) {
      const [name = ''] = new URLSearchParams(part.toString('utf8')).keys();
      return { notUtf8Field: name };
    }
    start = end + 1;
  }
  // TextDecoder drops a leading byte order mark, as for JSON.
  const fields = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body)));
  if (typeof fields.payload === 'string' && Object.keys(fields).length === 1) {
    const fault = findTooBroad(fields.payload, maxValues);
    if (fault !== undefined)
      return { tooBroad: tooBroadMessage('The form’s "payload" field', fault, maxValues) };
    try {
      return { payload: JSON.parse(fields.payload) as unknown };
    } catch {
      return { payload: fields };
    }
  }
  return { payload: fields };
}
