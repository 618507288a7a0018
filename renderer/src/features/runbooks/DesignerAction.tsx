/** A button of the designer's bar that narrow windows show as its icon alone (designerBar.css). */
import type { ReactElement } from 'react';
import { Icon, type IconName } from '../../app/icons';

/** A bar button that narrow windows show as its icon alone (designerBar.css); its name stays for screen readers. */
export function DesignerAction({
  icon,
  label,
  title,
  opensDialog = false,
  isBusy = false,
  onClick,
}: {
  icon: IconName;
  label: string;
  title: string;
  opensDialog?: boolean;
  /** What the button started is still under way; a click now does nothing. */
  isBusy?: boolean;
  onClick: () => void;
}): ReactElement {
  return (
    <button
      type="button"
      className="button designer-action"
      aria-label={label}
      aria-disabled={isBusy}
      {...(opensDialog ? { 'aria-haspopup': 'dialog' as const } : {})}
      title={`${label}: ${title}`}
      onClick={onClick}
    >
      <Icon name={icon} /> <span className="designer-action-label">{label}</span>
    </button>
  );
}
