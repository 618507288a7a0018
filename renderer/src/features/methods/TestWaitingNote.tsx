/** Beside a Test's Send button while its request waits for the rate limit: why, and Cancel. */
import type { ReactElement } from 'react';
import { RateLimitWaitNote } from '../../app/RateLimitWaitNote';
import type { TestWaiting } from './useTestWait';

export function TestWaitingNote({
  waiting,
  onCancel,
}: {
  waiting: TestWaiting | null;
  onCancel: (testId: string) => void;
}): ReactElement | null {
  if (waiting === null) return null;
  return (
    <div className="test-waiting">
      <RateLimitWaitNote wait={waiting.wait} />
      <button type="button" className="button button-small" onClick={() => onCancel(waiting.testId)}>
        Cancel
      </button>
    </div>
  );
}
