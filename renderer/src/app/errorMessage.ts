/**
 * The one way the window turns something caught into text for a person: the API client throws
 * AppErrors whose message says what to do; parsers (cron, output expressions) throw Errors with
 * a message written for the user too. Anything else has no message worth showing.
 */
import { isErrorBody } from '../../../shared/api/appError';

/** Shown when what was caught carries no message of its own. */
export const fallbackErrorMessage = 'Something went wrong.';

/**
 * The message to show for anything caught: an Error's message, an error body's, or a thrown text.
 * A refusal of the API names its field in front for scripts ("definition.name: Name is required");
 * a person is shown the message alone (the form shows it at the field it names).
 */
export function messageOf(error: unknown): string {
  const message =
    error instanceof Error
      ? error.message
      : isErrorBody(error)
        ? error.message
        : typeof error === 'string'
          ? error
          : '';
  const field = typeof error === 'object' && error !== null && 'field' in error ? error.field : undefined;
  const shown =
    typeof field === 'string' && field !== '' && message.startsWith(`${field}: `)
      ? message.slice(field.length + 2)
      : message;
  return shown.trim() === '' ? fallbackErrorMessage : shown;
}
