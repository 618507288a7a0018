/** The mark of a pinned step on the canvas: its name says what the pin does, for screen readers too. */
import type { ReactElement } from 'react';
import { Icon } from '../../../app/icons';

export function PinBadge(): ReactElement {
  return (
    <span className="step-pin" title="Pinned: designer runs use its pinned result instead of sending">
      <Icon name="pin" label="Pinned" />
    </span>
  );
}
