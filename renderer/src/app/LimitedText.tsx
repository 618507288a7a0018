/**
 * A text field that stops at `max` characters (cutting a longer paste) and says so under it once
 * the text reaches the limit, tied to the field and read out through a live region. The
 * configuration form and the integration details form use it; the method editor words its own.
 */
import type { InputHTMLAttributes, ReactElement } from 'react';
import type { FieldControlProps } from './Field';
import { lengthLimitNoteOf } from './lengthLimitNote';

export function LimitedText({
  props,
  subject,
  max,
  value,
  rows,
  onChange,
  ...attributes
}: {
  props: FieldControlProps;
  /** How the note names the text, e.g. "A configuration name". */
  subject: string;
  max: number;
  value: string;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
  onChange: (value: string) => void;
} & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'autoFocus' | 'autoComplete' | 'className' | 'list'
>): ReactElement {
  const note = lengthLimitNoteOf(subject, value, max);
  const noteId = `${props.id}-limit`;
  const describedBy = [props['aria-describedby'], note === undefined ? undefined : noteId]
    .filter(Boolean)
    .join(' ');
  const control = {
    ...props,
    value,
    maxLength: max,
    'aria-invalid': props['aria-invalid'] || note?.isTooLong === true,
    'aria-describedby': describedBy === '' ? undefined : describedBy,
  };
  return (
    <>
      {rows === undefined ? (
        <input {...attributes} {...control} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <textarea
          autoFocus={attributes.autoFocus}
          className={attributes.className}
          rows={rows}
          {...control}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {/* Always there, empty below the limit, so a screen reader hears the note when it comes. */}
      <p id={noteId} className="hint length-limit-note" aria-live="polite">
        {note?.text}
      </p>
    </>
  );
}
