/** The "Trigger" section of a run's page: the facts of what started the run (runTriggerFacts.ts). */
import type { ReactElement } from 'react';
import { JsonValueTree } from '../methods/JsonValueTree';
import type { ShownRun } from './runEvents';
import { triggerFactsOf } from './runTriggerFacts';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A payload as a tree; one that is text (not JSON) as that text. */
function Payload({ value }: { value: unknown }): ReactElement {
  if (value === null) return <p className="muted">No body.</p>;
  if (typeof value === 'string') return <pre className="mono pre">{value}</pre>;
  return <JsonValueTree value={value} />;
}

/** What started `run`: a webhook's payload, a schedule's due time, or how a person started it. */
export function RunTriggerFacts({ run }: { run: Pick<ShownRun, 'trigger' | 'triggerBody'> }): ReactElement {
  const facts = triggerFactsOf(run);
  return (
    <section className="run-trigger" aria-labelledby="run-trigger-heading">
      <h2 id="run-trigger-heading">Trigger</h2>
      {facts.kind === 'payload' && (
        <details>
          <summary>{facts.title}</summary>
          <Payload value={facts.payload} />
        </details>
      )}
      {facts.kind === 'scheduled' && (
        <p>
          {facts.scheduledAt === null ? (
            'Started by its schedule.'
          ) : (
            <>
              Scheduled for{' '}
              <time dateTime={facts.scheduledAt}>{timeFormat.format(new Date(facts.scheduledAt))}</time>.
            </>
          )}
        </p>
      )}
      {facts.kind === 'started' && <p>{facts.text}</p>}
    </section>
  );
}
