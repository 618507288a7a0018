/**
 * Asked when a save finds a credential typed into a header or query value: the rows are marked,
 * and the user either keeps it (saves anyway) or goes on editing to move it into the
 * integration's authorization and a configuration.
 */
import type { ReactElement } from 'react';
import { Icon } from '../../app/icons';

export function TypedCredentialQuestion({
  message,
  onSaveAnyway,
  onKeepEditing,
}: {
  message: string;
  onSaveAnyway: () => void;
  onKeepEditing: () => void;
}): ReactElement {
  return (
    <div className="callout callout-warning typed-credential" role="alert" id="typed-credential-warning">
      <p>
        <Icon name="warning" /> {message}
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={onKeepEditing}>
          Keep editing
        </button>
        <button type="button" className="button button-primary" onClick={onSaveAnyway}>
          Save anyway
        </button>
      </div>
    </div>
  );
}
