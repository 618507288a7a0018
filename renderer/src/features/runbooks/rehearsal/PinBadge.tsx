/**
 * The mark of a pinned step on the canvas: its name says what the pin does, for screen readers too,
 * and a pin that no longer fits its step (an exit since removed) is marked as such.
 */
import type { ReactElement } from 'react';
import { Icon } from '../../../app/icons';

export function PinBadge({ meaning, problem }: { meaning: string; problem: string | null }): ReactElement {
  return (
    <span
      className={`step-pin${problem === null ? '' : ' is-stale'}`}
      title={problem === null ? `Pinned: ${meaning}` : `Pinned, but the pin no longer fits: ${problem}`}
    >
      <Icon name="pin" label={problem === null ? 'Pinned' : 'Pinned, no longer fits'} />
    </span>
  );
}
