/**
 * The capabilities a run's steps use: the host's, with the values the run must not record (a
 * webhook's credentials) masked wherever they would leave it — sent requests, rehearsals, an
 * approver's message.
 */
import type { EngineCapabilities } from './executionContext';
import type { RecordMask } from './recordMask';

export function maskedCapabilities(
  base: Omit<EngineCapabilities, 'runChild'>,
  maskedValues: readonly string[] | undefined,
  mask: RecordMask,
): Omit<EngineCapabilities, 'runChild'> {
  if (maskedValues === undefined) return base;
  const { rehearseMethod, awaitApproval } = base;
  return {
    ...base,
    sendMethod: (send) =>
      base.sendMethod({ ...send, maskedValues: [...(send.maskedValues ?? []), ...maskedValues] }),
    ...(rehearseMethod === undefined
      ? {}
      : { rehearseMethod: (rehearse) => rehearseMethod({ ...rehearse, maskedValues }) }),
    // The approver reads the message: a webhook's credential stays •••• there too.
    ...(awaitApproval === undefined
      ? {}
      : {
          awaitApproval: (request, signal) =>
            awaitApproval({ ...request, message: mask(request.message), loops: mask(request.loops) }, signal),
        }),
  };
}
