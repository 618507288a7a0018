/**
 * How a dry run treats a method (PRODUCT.md §8): whether its request may be sent anyway (a search
 * by POST changes nothing), and the example response a dry run answers with when it is not sent.
 * The example's body is JSON, checked as typed: text that does not read stays in the field with
 * the reason, and the method keeps its last valid example.
 */
import { useState, type ReactElement } from 'react';
import { readJsonText } from '../../../../shared/domain/jsonParseError';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { safeHttpMethods, type ExampleResponse } from '../../../../shared/rehearsal/rehearsal';
import { Field } from '../../app/Field';

/** The example as the fields show it: status and body; none when both are left empty. */
function exampleOf(status: string, body: string): ExampleResponse | undefined {
  if (status.trim() === '' && body.trim() === '') return undefined;
  const headers: Record<string, string> = body.trim() === '' ? {} : { 'content-type': 'application/json' };
  return { status: Number(status) || 200, headers, body };
}

/** Why the status or body cannot be the example, if they cannot. */
function problemsOf(status: string, body: string): { status?: string; body?: string } {
  const problems: { status?: string; body?: string } = {};
  const code = Number(status);
  if (status.trim() !== '' && !(Number.isInteger(code) && code >= 100 && code <= 599))
    problems.status = 'An HTTP status is a whole number from 100 to 599.';
  // Said without quoting the body: an example may hold a token pasted from a real answer.
  const read = body.trim() === '' ? undefined : readJsonText(body);
  if (read !== undefined && 'problem' in read) problems.body = read.problem;
  return problems;
}

export function DryRunSettings({
  draft,
  onChange,
}: {
  draft: MethodDefinition;
  onChange: (patch: Partial<MethodDefinition>) => void;
}): ReactElement {
  const [status, setStatus] = useState(() =>
    draft.exampleResponse === undefined ? '' : String(draft.exampleResponse.status),
  );
  const [body, setBody] = useState(() => draft.exampleResponse?.body ?? '');
  const problems = problemsOf(status, body);
  // A dry run sends every GET, HEAD and OPTIONS: the box says so rather than read "not safe".
  const isAlwaysSent = safeHttpMethods.has(draft.httpMethod);
  const change = (nextStatus: string, nextBody: string) => {
    setStatus(nextStatus);
    setBody(nextBody);
    const found = problemsOf(nextStatus, nextBody);
    if (found.status === undefined && found.body === undefined)
      onChange({ exampleResponse: exampleOf(nextStatus, nextBody) });
  };
  return (
    <fieldset className="dry-run-settings wide">
      <legend>Dry run</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={isAlwaysSent || draft.isDryRunSafe === true}
          disabled={isAlwaysSent}
          onChange={(event) => onChange({ isDryRunSafe: event.target.checked })}
        />
        {isAlwaysSent
          ? `Safe to send in a dry run: a dry run always sends a ${draft.httpMethod} request (it changes nothing)`
          : 'Safe to send in a dry run (changes nothing, e.g. a search by POST)'}
      </label>
      <Field
        id="example-response-status"
        label="Example response status"
        hint="What a dry run answers when it does not send this request (200 when empty)"
        error={problems.status}
      >
        {(control) => (
          <input
            {...control}
            inputMode="numeric"
            value={status}
            onChange={(event) => change(event.target.value, body)}
          />
        )}
      </Field>
      <Field id="example-response-body" label="Example response body (JSON)" error={problems.body}>
        {(control) => (
          <textarea
            {...control}
            className="mono"
            rows={4}
            spellCheck={false}
            value={body}
            onChange={(event) => change(status, event.target.value)}
          />
        )}
      </Field>
    </fieldset>
  );
}
