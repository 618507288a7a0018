/** A labelled form field with its hint and error wired for screen readers. */
import type { ReactElement, ReactNode } from 'react';
import { Icon } from './icons';

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
  'aria-required': boolean | undefined;
}

export function Field({
  id,
  label,
  hint,
  error,
  isRequired,
  errorAction,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  isRequired?: boolean;
  /** A way out of the error shown beside it, e.g. a button that puts in the suggested value. */
  errorAction?: ReactNode;
  children: (props: FieldControlProps) => ReactNode;
}): ReactElement {
  const describedBy = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
      {/* The asterisk is drawn by CSS so the label's text stays exactly the field's name. */}
      <label htmlFor={id} className={isRequired === true ? 'is-required' : undefined}>
        {label}
      </label>
      {children({
        id,
        'aria-invalid': error !== undefined,
        'aria-describedby': describedBy === '' ? undefined : describedBy,
        'aria-required': isRequired,
      })}
      {hint !== undefined && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error !== undefined && (
        <p id={`${id}-error`} className="field-error" role="alert">
          <Icon name="warning" />
          {error}
        </p>
      )}
      {error !== undefined && errorAction}
    </div>
  );
}
