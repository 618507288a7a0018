/** Typed errors with a stable code, a message that says what to do, and the field at fault. */

export const errorCodes = [
  'invalid_input',
  'invalid_logo',
  'unauthorized',
  'forbidden',
  'not_found',
  'unknown_call',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'database_too_new',
  'database_corrupt',
  'secrets_key_mismatch',
  'storage_full',
  'storage_busy',
  'storage_failing',
  'busy',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The shape every error takes when it crosses a transport. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
}

/** HTTP status for each error code, used by the headless shell. */
export const httpStatusOf: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  invalid_logo: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_call: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  database_too_new: 500,
  database_corrupt: 500,
  secrets_key_mismatch: 500,
  // Insufficient Storage: the disk is full; the same call works again once space is free.
  storage_full: 507,
  // Another program holds the database locked: try again shortly.
  storage_busy: 503,
  // The disk refused a write (read-only, an I/O error): the machine needs looking at.
  storage_failing: 503,
  // The app is doing as much of this kind of work as it takes at once: try again shortly.
  busy: 503,
  internal: 500,
};

/** How long a message may be: long enough for any sentence we write, short enough to log and store. */
export const maxMessageLength = 1_000;
/** How much of a value a message quotes: enough to recognise it, never the whole of a large input. */
export const maxQuotedLength = 80;

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and lone surrogates: each
 * could forge a log line, hide part of a message or break the JSON it travels in.
 */
const unreadable =
  // eslint-disable-next-line no-control-regex -- finding control characters is what it is for
  /[\u0000-\u001F\u007F-\u009F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` safe to show, log and store whatever its origin: unreadable characters written as
 * \uXXXX, the whole cut to `maxLength` characters with "…" (never between the halves of a
 * surrogate pair). Messages quote what callers send (a key, a call name, a value); this keeps a
 * 900 KB value or a newline in a key from reaching a log or a stored record as it is.
 */
export function readableText(text: string, maxLength = maxMessageLength): string {
  // Escaping only lengthens, so the first maxLength + 1 characters decide; a 4 MB value is not walked.
  const escaped = text
    .slice(0, maxLength + 1)
    .replace(
      unreadable,
      (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    );
  if (escaped.length <= maxLength) return escaped;
  let end = Math.max(0, maxLength - 1);
  const last = escaped.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${escaped.slice(0, end)}…`;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  /** The message and field are made readable here, so no transport or log meets a raw one. */
  constructor(code: ErrorCode, message: string, field?: string) {
    super(readableText(message));
    this.name = 'AppError';
    this.code = code;
    this.field = field === undefined ? undefined : readableText(field, maxQuotedLength * 4);
  }

  toBody(): ErrorBody {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    (errorCodes as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string'
  );
}

/** An error as part of one log line: its name, code and message, never the request's data. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return readableText(String(error), 500);
  const code = (error as { code?: unknown }).code;
  return readableText(`${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`, 500);
}
