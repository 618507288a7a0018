/**
 * Test support: the API contract's calls with their types, so a test reads `run.status` instead
 * of casting what a call returned to a hand-written shape. One interface over both ways tests reach
 * the backend: in process through the dispatcher both shells route through, and over HTTP to the
 * headless shell. The types come from the contract's zod schemas (CallInput / CallOutput).
 */
import { AppError, isErrorBody } from '../../../shared/api/appError';
import { apiCalls, type CallInput, type CallName, type CallOutput } from '../../../shared/api/contract';
import type { Dispatch } from '../api/dispatcher';
import { typedCallOf } from '../api/typedCall';

/** The contract's calls, typed: the input a call takes, the output it answers. */
export interface TypedApi {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
}

/**
 * Calls through a backend's dispatcher, in process. The dispatcher has parsed the answer with the
 * call's output schema before returning it, so its type is that schema's.
 */
export function inProcessApi(backend: { dispatch: Dispatch }): TypedApi {
  return { call: typedCallOf(backend.dispatch) };
}

/** Where the headless shell listens and the session token it takes. */
export interface HttpApiTarget {
  /** http://127.0.0.1:<port> */
  origin: string;
  token: string;
}

/**
 * Calls POST /api/<name> as a script would. An answer is parsed with the call's output schema,
 * so what crossed the wire is checked against the contract too; an error answer is thrown as the
 * AppError it carries (code, message, field).
 */
export function httpApi(target: HttpApiTarget): TypedApi {
  return {
    call: async <K extends CallName>(name: K, input: CallInput<K>) => {
      const response = await fetch(`${target.origin}/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const error = (body as { error?: unknown } | null)?.error;
        if (isErrorBody(error)) throw new AppError(error.code, `${name}: ${error.message}`, error.field);
        throw new AppError('internal', `${name}: the server answered ${String(response.status)}`);
      }
      return apiCalls[name].output.parse(body) as CallOutput<K>;
    },
  };
}
