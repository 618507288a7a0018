/**
 * The Run dialog's dry-run switch (PRODUCT.md §8 "Rehearse safely"), with what a dry run does said
 * beside it: people choose it precisely because they are unsure what a runbook will change.
 */
import type { ReactElement } from 'react';

/** A checkbox choosing a dry run, and its explanation tied to it for screen readers. */
export function DryRunChoice({
  isDryRun,
  onChange,
}: {
  isDryRun: boolean;
  onChange: (isDryRun: boolean) => void;
}): ReactElement {
  return (
    <div className="dry-run-choice">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={isDryRun}
          aria-describedby="dry-run-explained"
          onChange={(event) => onChange(event.target.checked)}
        />{' '}
        Dry run
      </label>
      <p id="dry-run-explained" className="hint">
        Sends only requests that change nothing: GET, HEAD, OPTIONS and methods marked safe to send in a dry
        run. Every other request is recorded as the request it would have sent (secrets masked), and the run
        goes on with the step’s pinned result or its method’s example response.
      </p>
    </div>
  );
}
