/**
 * The inspector while a debug run is paused: the paused step's templates with the values they
 * resolve to now, and the run context — inputs, variables, earlier steps' outputs and For each
 * items — all as the run page shows values, in JSON trees (a text, a number or a Yes/no too).
 * Values are masked as the run records them.
 */
import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DebugContext } from '../../../../../shared/rehearsal/debugging';
import { JsonValueTree } from '../../methods/JsonValueTree';
import { useDebugStore } from './debugSession';
import './debug.css';

/** One part of the context, left out when empty (a runbook without inputs, no For each). */
function ContextPart({
  title,
  value,
}: {
  title: string;
  value: Record<string, unknown>;
}): ReactElement | null {
  if (Object.keys(value).length === 0) return null;
  return (
    <section className="debug-context-part" aria-label={title}>
      <h3>{title}</h3>
      <JsonValueTree value={value} />
    </section>
  );
}

/** The paused step's templates, each with the value it resolves to now or why it cannot. */
export function ResolvedFields({ fields }: { fields: DebugContext['fields'] }): ReactElement {
  if (fields.length === 0) return <p className="muted">This step has no templates to resolve.</p>;
  return (
    <dl className="debug-fields">
      {fields.map((field, index) => (
        // The same template may appear twice in a step; its place keeps the keys apart.
        <div key={`${String(index)}:${field.template}`} className="debug-field">
          <dt>
            <code>{field.template}</code>
          </dt>
          <dd>
            {field.error === null ? (
              // As the run page shows a value: a Yes/no's true in the tree's colours, not as bare text.
              <JsonValueTree value={field.value ?? null} />
            ) : (
              <span className="field-error">{field.error}</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function DebugContextPanel(): ReactElement | null {
  const { pause, context, contextError } = useDebugStore(
    useShallow((state) => ({ pause: state.pause, context: state.context, contextError: state.contextError })),
  );
  if (pause === null) return null;
  return (
    <aside className="inspector debug-context" aria-label="Run context">
      <h2>Paused before “{pause.stepName}”</h2>
      {contextError !== null && (
        <p className="inline-error" role="alert">
          {contextError}
        </p>
      )}
      {context === null ? (
        contextError === null && <p className="muted">Reading the run context…</p>
      ) : (
        <>
          <section className="debug-context-part" aria-label="Fields of this step">
            <h3>Fields of this step</h3>
            <ResolvedFields fields={context.fields} />
          </section>
          <ContextPart title="Inputs" value={context.inputs} />
          <ContextPart title="Variables" value={context.vars} />
          <ContextPart title="For each items" value={context.items} />
          <ContextPart title="Earlier steps" value={context.steps} />
        </>
      )}
    </aside>
  );
}
