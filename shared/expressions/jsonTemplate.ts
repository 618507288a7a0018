/**
 * Fills a JSON body template. A placeholder inside a JSON string is inserted escaped for that
 * string (`"name": "{{user}}"`); a placeholder outside any string is inserted as a JSON value
 * (`"count": {{count}}` → a number, an object, or a quoted string). The result must parse as JSON.
 */
import { ExpressionError } from './expressionError';
import { jsonStringEscape, lookUp, parseTemplate, renderValue } from './template';
import { jsonParseErrorMessage } from '../domain/jsonParseError';

/**
 * 1. Walk the template's parts, tracking whether the text so far leaves us inside a string
 *    (a `"` not escaped by a backslash toggles it).
 * 2. Inside a string: render the value as text and escape it for JSON.
 * 3. Outside: JSON.stringify the value (undefined → null).
 * 4. Parse the result, so a broken body is reported here rather than by the server.
 */
export function resolveJsonTemplate(text: string, scope: unknown): string {
  let result = '';
  let isInString = false;
  for (const part of parseTemplate(text)) {
    if (part.kind === 'text') {
      for (let index = 0; index < part.text.length; index += 1) {
        const char = part.text[index];
        if (char === '\\' && isInString) {
          result += char + (part.text[index + 1] ?? '');
          index += 1;
          continue;
        }
        if (char === '"') isInString = !isInString;
        result += char ?? '';
      }
      continue;
    }
    const value = lookUp(scope, part.segments);
    if (value === undefined || typeof value === 'symbol') {
      throw new ExpressionError(
        `Unknown variable "${part.path}" at position ${String(part.start)}`,
        part.start,
      );
    }
    result += isInString ? jsonStringEscape(renderValue(value)) : JSON.stringify(value);
  }
  if (result.trim() === '') return result;
  try {
    JSON.parse(result);
  } catch (error) {
    throw new ExpressionError(
      `The JSON body is not valid JSON once its variables are filled in (${jsonParseErrorMessage(error)}).`,
      0,
      'body',
    );
  }
  return result;
}
