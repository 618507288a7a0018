/**
 * The "Rate limits" section: requests per second, per minute and in flight at once, each empty
 * for none. A value the schema refuses is refused at its field as it is typed (and the form is
 * not sent); the number kept for it is NaN, so a save can never mistake it for "no limit".
 */
import { useState, type ReactElement } from 'react';
import type { RateLimits } from '../../../../shared/domain/rateLimits';
import { rateLimitFields, rateLimitProblems } from './rateLimitProblems';
import { TextField } from './SimpleFields';

/** The field's number: null when empty, NaN when not a number at all (refused at the field). */
const valueOf = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

export function RateLimitsFields({
  idPrefix,
  limits,
  errors,
  intro,
  onChange,
}: {
  /** Keeps the fields' ids apart where two sections could share a page. */
  idPrefix: string;
  limits: RateLimits;
  /** Errors from the backend, by "rateLimits.<field>". */
  errors: Record<string, string>;
  intro: string;
  onChange: (limits: RateLimits) => void;
}): ReactElement {
  const [texts, setTexts] = useState<Record<keyof RateLimits, string>>(() => ({
    requestsPerSecond: textOf(limits.requestsPerSecond),
    requestsPerMinute: textOf(limits.requestsPerMinute),
    concurrentRequests: textOf(limits.concurrentRequests),
  }));
  const problems = rateLimitProblems(limits);
  return (
    <fieldset className="fieldset">
      <legend>Rate limits</legend>
      <p className="hint">{intro}</p>
      <div className="form-row">
        {rateLimitFields.map((field) => (
          <TextField
            key={field.name}
            id={`${idPrefix}-${field.name}`}
            label={field.label}
            value={texts[field.name]}
            hint={field.hint}
            error={problems[field.name] ?? errors[`rateLimits.${field.name}`]}
            onChange={(text) => {
              setTexts({ ...texts, [field.name]: text });
              onChange({ ...limits, [field.name]: valueOf(text) });
            }}
          />
        ))}
      </div>
    </fieldset>
  );
}

const textOf = (value: number | null): string => (value === null ? '' : String(value));
