/**
 * Validates every call against the contract before a handler sees it, and every answer before
 * it leaves (unknown keys are stripped, so nothing a handler adds by mistake reaches a window).
 * Both shells route their transport through this one function.
 */
import type { z } from 'zod';
import { AppError, maxQuotedLength, readableText, type ErrorBody } from '../../../shared/api/appError';
import {
  apiCalls,
  isCallName,
  type CallName,
  type CallOutput,
  type ParsedCallInput,
} from '../../../shared/api/contract';
import { issueMessage } from '../../../shared/api/validationMessages';
import { findMalformedText } from '../../../shared/api/wellFormedText';
import { asStorageError } from '../db/storageFault';

export type Handlers = {
  [K in CallName]: (input: ParsedCallInput<K>) => CallOutput<K> | Promise<CallOutput<K>>;
};

export type Dispatch = (name: string, rawInput: unknown) => Promise<unknown>;

/**
 * `isClosed` tells whether the backend has closed: a call still going then (one that waited on a
 * timer or a request) fails on the closed database, and its caller is told that, not SQLite's
 * "The database connection is not open" as an internal error.
 */
export function createDispatcher(
  handlers: Handlers,
  log: (line: string) => void,
  isClosed: () => boolean = () => false,
): Dispatch {
  return async (name, rawInput) => {
    if (!isCallName(name)) {
      // The name is the caller's: quote enough of it to recognise, not all 3,000 characters.
      throw new AppError(
        'unknown_call',
        `There is no call named "${readableText(name, maxQuotedLength)}". GET /api lists them.`,
      );
    }
    const definition = apiCalls[name];
    const parsed = definition.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);
    // Text with no UTF-8 form would be stored as something else than what the handler checked.
    // Looked for in what the handler gets, once the contract's bounds held (a walk of a 4 MB
    // input before them took a second).
    const malformed = findMalformedText(parsed.data);
    if (malformed !== undefined) throw malformedTextError(malformed);
    const handler = handlers[name] as (input: unknown) => unknown;
    let result: unknown;
    try {
      result = await handler(parsed.data);
    } catch (error) {
      if (!(error instanceof AppError) && isClosed()) throw closedMidCall();
      // A full disk or another program's lock is the machine's state, not a bug: say so (507/503).
      throw asStorageError(error);
    }
    const checked = definition.output.safeParse(result);
    if (!checked.success) {
      log(`call ${name} produced output that breaks the contract: ${checked.error.message}`);
      throw new AppError('internal', 'The app produced an unexpected answer; see the log.');
    }
    return checked.data;
  };
}

function closedMidCall(): AppError {
  return new AppError(
    'busy',
    'The app closed before this call finished; what it had saved stays saved. Try again once the app is open.',
  );
}

/** The first zod issue as a readable message naming the field, e.g. "details.name: Name is required". */
export function invalidInput(error: z.ZodError): AppError {
  const issue = error.issues[0];
  if (issue === undefined) return new AppError('invalid_input', 'The request is not valid.');
  // A path segment may be a key the caller sent (a record's), of any length: cut it.
  const field = issue.path.map((segment) => cutKey(String(segment))).join('.');
  const worded = issueMessage(issue);
  const message = field === '' ? worded : `${field}: ${worded}`;
  return new AppError('invalid_input', message, field === '' ? undefined : field);
}

const cutKey = (key: string) => (key.length > 60 ? `${key.slice(0, 60)}…` : key);

function malformedTextError(path: (string | number)[]): AppError {
  const field = path.map(String).join('.');
  const message =
    'This text holds half of a character (a lone UTF-16 surrogate); send well-formed Unicode text.';
  return field === ''
    ? new AppError('invalid_input', message)
    : new AppError('invalid_input', `${field}: ${message}`, field);
}

/** Turns anything thrown into the error body both transports send; internals never leak. */
export function toErrorBody(error: unknown, log: (line: string) => void): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'internal', message: 'Something went wrong inside the app; see the log.' };
}
