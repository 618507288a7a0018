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

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
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
