/**
 * The part of a method a refusal at Save is about, as the editor names it, for the message shown
 * above the request line: "Endpoint path: At most 5000 characters." The API names the field by
 * its path in the definition (`definition.query.2.value`); the window drops that path from the
 * message (messageOf), so the editor puts back a name a person recognises, read by the forms'
 * one naming rule (refusalPlace.ts).
 */
import { partNameOf, type PartNames } from '../../app/refusalPlace';

/** The editor's parts by path in the definition; rows numbered from 1 as the editor shows them. */
const methodPartNames: PartNames = {
  path: 'Endpoint path',
  description: 'Description',
  timeoutMs: 'Timeout',
  authorization: 'Authorization',
  exampleResponse: 'Example response',
  body: 'Body',
  query: 'Query parameters',
  'query.#': 'Query parameter #',
  headers: 'Headers',
  'headers.#': 'Header #',
  outputs: 'Outputs',
  'outputs.#': 'Output #',
};

const definitionPrefix = 'definition.';

/** The name of the method part `field` (an API field path) is in, or undefined for the name or none. */
export function methodPartName(field: string | undefined): string | undefined {
  if (field === undefined || !field.startsWith(definitionPrefix)) return undefined;
  return partNameOf(field.slice(definitionPrefix.length), methodPartNames);
}
