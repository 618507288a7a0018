/**
 * The draft's pins as the designer reads them: one cached `pins.list` per runbook (kept fresh by
 * the `pins.changed` event), from which each node selects only its own step's pin, so a change
 * re-renders only the nodes it concerns.
 */
import { useQuery } from '@tanstack/react-query';
import type { Pin } from '../../../../../shared/rehearsal/rehearsal';
import { callQuery } from '../../../api/resources';

/** The pin of one step of the runbook's draft, or undefined. */
export function useStepPin(runbookId: string | undefined, stepId: string): Pin | undefined {
  const { data } = useQuery({
    ...callQuery('pins.list', { runbookId: runbookId ?? '' }),
    enabled: runbookId !== undefined,
    select: (pins: Pin[]) => pins.find((pin) => pin.stepId === stepId),
  });
  return data;
}
