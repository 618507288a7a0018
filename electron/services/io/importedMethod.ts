/**
 * A method read from an import (a cURL command, an OpenAPI operation) checked against the
 * method schema. What the import produced is the user's text, so a part over a limit (501
 * headers, a 6 MB body) is their input to fix: it is refused as invalid input naming the part
 * and the limit, never thrown on as a validation error the transports would answer with a 500.
 */
import type { z } from 'zod';
import { AppError } from '../../../shared/api/appError';
import { methodDefinitionSchema, type MethodDefinition } from '../../../shared/domain/method';
import { exchangeableText } from '../../../shared/io/exchangeText';

/** What the user calls each list of a method, and one entry of it. */
const listNames: Readonly<Record<string, readonly [string, string]>> = {
  query: ['query parameters', 'query parameter'],
  headers: ['headers', 'header'],
  rows: ['form fields', 'form field'],
  outputs: ['output variables', 'output variable'],
};

const partNames: Readonly<Record<string, string>> = { text: 'body', key: 'name' };

const number = (value: unknown) => Number(value).toLocaleString('en-US');

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  const last = path.at(-1) ?? '';
  if (issue.code === 'too_big' && issue.origin === 'array' && Object.hasOwn(listNames, last)) {
    const limit = number(issue.maximum);
    return `has more than ${limit} ${listNames[last]?.[0] ?? last}; a method holds at most ${limit}`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    const list = path.find((part) => Object.hasOwn(listNames, part));
    const owner = list === undefined ? '' : `${listNames[list]?.[1] ?? list} `;
    return `has a ${owner}${partNames[last] ?? last} longer than ${number(issue.maximum)} characters, the most a method holds`;
  }
  return `is not a valid method (${path.join('.') || 'definition'}: ${issue.message})`;
}

/**
 * Parses `candidate` as a method definition; refuses it with `invalid_input` on `field`, the
 * message starting with `subject` ("The command", "The operation POST /pets").
 */
export function importedMethod(candidate: unknown, subject: string, field: string): MethodDefinition {
  const parsed = methodDefinitionSchema.safeParse(candidate);
  if (parsed.success) return withSavableTexts(parsed.data);
  const [issue] = parsed.error.issues;
  throw new AppError(
    'invalid_input',
    `${subject} ${issue === undefined ? 'is not a valid method' : describe(issue)}.`,
    field,
  );
}

/**
 * The method with its name and description as saving takes them (savedText): an API's summary may
 * hold an escape or a form feed, and the picked methods are saved in one go, so one such name
 * refused the whole batch with nowhere to rename it. Written as an export writes such text: each
 * of those characters a space.
 */
function withSavableTexts(definition: MethodDefinition): MethodDefinition {
  const name = exchangeableText(definition.name, false).trim();
  const description = exchangeableText(definition.description, true);
  if (name === definition.name && description === definition.description) return definition;
  return { ...definition, name: name === '' ? definition.name : name, description };
}
