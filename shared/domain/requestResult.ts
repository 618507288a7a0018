/**
 * What sending a method returns (the Test button, and each Execute-method step of a run).
 * Following Bruno: executing a request never rejects; a failure is the `error` field, as data.
 * Everything here has secrets masked and bodies bounded.
 */
import { z } from 'zod';

export const maxShownBodyBytes = 1024 * 1024;

const headersSchema = z.record(z.string(), z.string());

export const sentRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  headers: headersSchema,
  body: z.string().nullable(),
  /** In a run's step record: how long it waited for its integration's rate limit, and whose. */
  rateLimitWait: z.object({ waitedMs: z.number().min(0), integrationName: z.string() }).optional(),
});
export type SentRequest = z.infer<typeof sentRequestSchema>;

export const receivedResponseSchema = z.object({
  status: z.number().int(),
  statusText: z.string(),
  headers: headersSchema,
  contentType: z.string(),
  /** Text of the body, at most maxShownBodyBytes. */
  body: z.string(),
  isBodyTruncated: z.boolean(),
  /** Bytes received. */
  size: z.number().int(),
});
export type ReceivedResponse = z.infer<typeof receivedResponseSchema>;

export const outputValueSchema = z.object({
  name: z.string(),
  expression: z.string(),
  value: z.unknown(),
  error: z.string().optional(),
});
export type OutputValue = z.infer<typeof outputValueSchema>;

export const requestResultSchema = z.object({
  request: sentRequestSchema.nullable(),
  response: receivedResponseSchema.nullable(),
  outputs: z.array(outputValueSchema),
  durationMs: z.number(),
  attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).nullable(),
  /** How long the request waited for its integration's rate limit (ms); absent when it did not. */
  rateLimitWaitMs: z.number().min(0).optional(),
  /**
   * It failed after it was written to the connection and before any answer came (a timeout, a
   * connection lost or cancelled), so whether it reached the API is unknown; absent otherwise
   * (an answer came, or it was never sent: refused, DNS, TLS, proxy).
   */
  isArrivalUnknown: z.literal(true).optional(),
  /**
   * No attempt of it was handed to the connection (cancelled while it waited for its rate-limit
   * place, or refused before): it certainly did not reach the API; absent otherwise.
   */
  isNeverSent: z.literal(true).optional(),
});
export type RequestResult = z.infer<typeof requestResultSchema>;
