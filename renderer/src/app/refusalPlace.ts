/**
 * Where a form shows a refusal of the API at Save. The API names the field at fault by its path
 * (`values.apiKey`, `definition.customFields.2.label`, `draft.steps.0.webhook.signaturePrefix`),
 * but the message that reaches the window has lost it (messageOf), so "At most 100 characters."
 * alone would not say which field. A form shows the message at the field the path names when it
 * shows one there; anywhere else (its banner, a status) the message is led by the name of the part
 * as the form labels it: "Field 3 label: At most 100 characters." One mechanism for every form.
 */
import { AppError } from '../../../shared/api/appError';
import { messageOf } from './errorMessage';

/**
 * Names of a form's parts by API path, without the call's own prefix. A `#` stands for a row's
 * index and is written numbered from 1, as forms number rows ("customFields.#.label" →
 * "Field # label" → "Field 3 label" for `customFields.2.label`). A last `*` stands for a key of
 * values by name and is written as it is, for a form that labels each field with its key
 * ("arguments.*" → "*" → "ticket" for `arguments.ticket`).
 */
export type PartNames = Readonly<Record<string, string>>;

/**
 * The name of the part `path` is in: the entry of `names` for the longest start of the path
 * (so `behaviour.proxy.url` finds `behaviour.proxy` when it has no entry of its own), its own
 * before one ending in `*`, or undefined.
 */
export function partNameOf(path: string, names: PartNames): string | undefined {
  const segments = path.split('.');
  for (let length = segments.length; length > 0; length -= 1) {
    const start = segments.slice(0, length);
    const rows = start
      .filter((segment) => /^\d+$/.test(segment))
      .map((segment) => String(Number(segment) + 1));
    const pattern = start.map((segment) => (/^\d+$/.test(segment) ? '#' : segment));
    const key = pattern.at(-1) ?? '';
    const own = names[pattern.join('.')];
    const byKey = key === '#' ? undefined : names[[...pattern.slice(0, -1), '*'].join('.')];
    const name = own ?? byKey;
    const numbered =
      name === undefined ? undefined : rows.reduce((named, row) => named.replace('#', row), name);
    if (numbered !== undefined) return own === undefined ? numbered.replace('*', key) : numbered;
  }
  return undefined;
}

/** `message` led by the part it is about, unless it names it already ("Name is required"). */
export function namedMessage(name: string | undefined, message: string): string {
  if (name === undefined || message.toLowerCase().startsWith(name.toLowerCase())) return message;
  return `${name}: ${message}`;
}

/** A refusal as a form shows it: at one of its fields, or in its banner, named. */
export type PlacedRefusal = { field: string; message: string } | { field: undefined; message: string };

/**
 * Where a form shows what it caught at Save.
 * 1. The API path without the call's prefix (`prefix`: "definition.", or a pattern) is the form's field.
 * 2. If the form shows a message at that field (`isShownAt`), the message goes there as it is.
 * 3. Else it goes to the banner, led by the part's name (`names`) when the path has one.
 */
export function placeRefusal(
  caught: unknown,
  form: { prefix?: string | RegExp; isShownAt: (field: string) => boolean; names: PartNames },
): PlacedRefusal {
  const message = messageOf(caught);
  const path = caught instanceof AppError ? caught.field : undefined;
  if (path === undefined || path === '') return { field: undefined, message };
  const { prefix = '' } = form;
  const field =
    typeof prefix === 'string'
      ? prefix !== '' && path.startsWith(prefix)
        ? path.slice(prefix.length)
        : path
      : path.replace(prefix, '');
  if (form.isShownAt(field)) return { field, message };
  return { field: undefined, message: namedMessage(partNameOf(field, form.names), message) };
}
