/**
 * The contract's calls, typed, over a backend's dispatcher in the same process: what a composition
 * root (the CLI's `run`) or a test calls reads `run.status` instead of casting what came back.
 */
import type { CallInput, CallName, CallOutput } from '../../../shared/api/contract';
import type { Dispatch } from './dispatcher';

/** One contract call: the input it takes, the output it answers. */
export type TypedCall = <K extends CallName>(name: K, input: CallInput<K>) => Promise<CallOutput<K>>;

/**
 * Calls through the dispatcher, which has validated the input and parsed the answer with the
 * call's output schema before returning it: the answer's type is that schema's.
 */
export function typedCallOf(dispatch: Dispatch): TypedCall {
  return async <K extends CallName>(name: K, input: CallInput<K>) =>
    (await dispatch(name, input)) as CallOutput<K>;
}
