/** A call's shape and the schemas several groups of calls share, apart so none imports contract.ts. */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { maxRunbookFileBytes } from '../io/exchangeDocument';

/** One call: what it does (GET /api says so), what it takes and what it answers. */
export interface CallDefinition<I extends z.ZodType, O extends z.ZodType> {
  description: string;
  input: I;
  output: O;
}

/** Checks a call's shape while keeping its schemas' own types. */
export const call = <I extends z.ZodType, O extends z.ZodType>(definition: CallDefinition<I, O>) =>
  definition;

/** A call's input or output naming one record by its id. */
export const byId = z.object({ id: idSchema });

/**
 * An exchanged file as text. Its byte limit is checked when it is read (a character may take up
 * to three bytes); more characters than that limit are more bytes than it for sure.
 */
export const fileContentSchema = z.string().max(maxRunbookFileBytes, {
  message: `This file cannot be imported: at most ${String(maxRunbookFileBytes / 1024 / 1024)} MB are read`,
});
