/**
 * The part of a method a refusal at Save is about, as the editor names it, for the message shown
 * above the request line: "Endpoint path: At most 5000 characters." The API names the field by
 * its path in the definition (`definition.query.2.value`); the window drops that path from the
 * message (messageOf), so the editor puts back a name a person recognises.
 */

const partNames: Readonly<Record<string, string>> = {
  path: 'Endpoint path',
  description: 'Description',
  timeoutMs: 'Timeout',
  authorization: 'Authorization',
  exampleResponse: 'Example response',
};

/** Rows of a list, numbered from 1 as the editor shows them. */
const rowNames: Readonly<Record<string, string>> = {
  query: 'Query parameter',
  headers: 'Header',
  outputs: 'Output',
};

/** The name of the method part `field` (an API field path) is in, or undefined for the name or none. */
export function methodPartName(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const [root, part, index] = field.split('.');
  if (root !== 'definition' || part === undefined) return undefined;
  const row = rowNames[part];
  if (row !== undefined)
    return index === undefined || !/^\d+$/.test(index) ? row + 's' : `${row} ${String(Number(index) + 1)}`;
  if (part === 'body') return 'Body';
  return partNames[part];
}
