/**
 * Replays a test case (see shared/rehearsal/testCase.ts): each method step takes the next
 * recording of that step, the request it would send now (built without credentials, offline)
 * must match the recorded one, and the recorded response answers it. Nothing is sent. A request
 * that differs, or one the recording does not have, stops the run: it cannot go on truthfully.
 */
import type { SentRequest } from '../../../shared/domain/requestResult';
import type { RecordedStep, RequestMismatch } from '../../../shared/rehearsal/testCase';
import { requestDiff } from '../../../shared/rehearsal/requestDiff';
import type { ResponseSource } from './responseSource';

/** A request's parts a replay compares (headers are not: credentials are left out of it). */
const compared = (request: SentRequest | null | undefined) =>
  request == null ? null : { method: request.method, url: request.url, body: request.body };

/**
 * The source of one runbook's steps (`runbook`: its name as a recording says it, null for the
 * case's own). `take` hands out the step's recordings in order; `onFailure` hears why a request
 * could not be answered (the case fails with it) and, for one that differs, both requests.
 */
export function replaySource(
  runbook: string | null,
  take: (stepId: string) => RecordedStep | undefined,
  onFailure: (message: string, mismatch?: RequestMismatch) => void,
): ResponseSource {
  return {
    respond: async (call) => {
      const recorded = take(call.stepId);
      const rehearsal = await call.rehearse({
        authorize: false,
        ...(recorded?.request == null ? {} : { baseUrlIfNone: new URL(recorded.request.url).origin }),
      });
      if (recorded === undefined) {
        const halt = `"${call.stepId}" sends a request the recording does not have (${rehearsal.request?.method ?? ''} ${rehearsal.request?.url ?? ''}).`;
        onFailure(halt);
        return { result: rehearsal.answer(null, null), halt };
      }
      // A step answered by its pin when it was recorded sent nothing to compare with.
      const isPinned = recorded.request === null && recorded.response !== null;
      const diff = isPinned ? undefined : requestDiff(recorded.request, rehearsal.request);
      if (diff !== undefined) {
        const halt = `The request of "${call.stepId}" differs from the recording:\n${diff}`;
        onFailure(halt, {
          runbook,
          stepId: call.stepId,
          recorded: compared(recorded.request),
          now: compared(rehearsal.request),
        });
        return { result: rehearsal.answer(null, null), halt };
      }
      const error =
        recorded.response === null
          ? { code: 'recorded', message: recorded.error ?? 'No response was recorded.' }
          : null;
      return {
        result: rehearsal.answer(recorded.response, error),
        rehearsal: { source: 'recording', wouldHaveSent: false },
      };
    },
  };
}
