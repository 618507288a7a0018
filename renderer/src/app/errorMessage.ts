/**
 * The one way the window turns something caught into text for a person: the API client throws
 * AppErrors whose message says what to do; parsers (cron, output expressions) throw Errors with
 * a message written for the user too. Anything else has no message worth showing.
 */
import { AppError, isErrorBody } from '../../../shared/api/appError';

/** Shown when what was caught carries no message of its own. */
export const fallbackErrorMessage = 'Something went wrong.';

/** The message to show for anything caught: an Error's message, an error body's, or a thrown text. */
export function messageOf(error: unknown): string {
  const message =
    error instanceof Error
      ? error.message
      : isErrorBody(error)
        ? error.message
        : typeof error === 'string'
          ? error
          : '';
  return message.trim() === '' ? fallbackErrorMessage : message;
}

/**
 * The message of an error shown at its field: without the field's path the backend puts in front
 * of a refused input ("definition.outputs.0.name: …"), which means nothing to a person.
 */
export function messageAtField(error: unknown): string {
  const message = messageOf(error);
  const prefix = error instanceof AppError && error.field !== undefined ? `${error.field}: ` : undefined;
  return prefix !== undefined && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
