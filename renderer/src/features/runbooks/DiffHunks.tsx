/**
 * The differing lines of two texts, a few kept lines around each change (versions.css): both
 * line numbers, a sign, and for screen readers a word naming the side a changed line is from.
 * The version comparison shows export files with it, a test case's mismatch request bodies.
 * At most shownLineLimit lines are drawn, the rest counted: two versions of a thousand steps
 * that all changed differ in some 20,000 lines, which took the window seconds to draw.
 */
import type { ReactElement, ReactNode } from 'react';
import { firstLinesOf, type DiffLine } from '../../../../shared/io/lineDiff';
import { countOf } from '../../app/countOf';
import './versions.css';

const sign = { keep: ' ', remove: '−', add: '+' } as const;

const shownLineLimit = 1_000;

export function DiffHunks({
  hunks,
  labelOf,
  words,
  children,
}: {
  hunks: readonly (readonly DiffLine[])[];
  /** The accessible name of the n-th hunk (from 1). */
  labelOf: (position: number) => string;
  /** What a screen reader hears before a removed and before an added line. */
  words: { remove: string; add: string };
  /** Shown above the hunks. */
  children?: ReactNode;
}): ReactElement {
  const shown = firstLinesOf(hunks, shownLineLimit);
  return (
    <div className="file-diff">
      {children}
      {shown.hunks.map((hunk, index) => (
        <pre key={index} className="file-diff-hunk" aria-label={labelOf(index + 1)}>
          {hunk.map((line, at) => (
            <span key={at} className={`file-diff-line diff-line-${line.op}`}>
              <span className="file-diff-number" aria-hidden="true">
                {line.before ?? ''}
              </span>
              <span className="file-diff-number" aria-hidden="true">
                {line.after ?? ''}
              </span>
              <span className="visually-hidden">{line.op === 'keep' ? '' : `${words[line.op]}: `}</span>
              <span aria-hidden="true">{sign[line.op]}</span>
              {line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      ))}
      {shown.leftOut > 0 && <p className="muted">{countOf(shown.leftOut, 'more line')} not shown.</p>}
    </div>
  );
}
