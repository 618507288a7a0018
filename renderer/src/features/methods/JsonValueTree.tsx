/**
 * A response body as a tree whose values can be clicked to make an output variable; the Halo
 * expression for the clicked value is worked out from its path (strings get a trailing !).
 * Without `onPick` (a run's records) the values are plain text. Large bodies render their first
 * levels and expand on demand, so the window stays responsive.
 */
import { memo, useState, type ReactElement } from 'react';
import type { PathStep } from './haloExpressionFor';

const maxChildrenShown = 200;

const JsonNode = memo(function JsonNode({
  name,
  value,
  path,
  depth,
  onPick,
}: {
  name: string | null;
  value: unknown;
  path: PathStep[];
  depth: number;
  onPick: ((path: PathStep[], value: unknown) => void) | undefined;
}): ReactElement {
  const [isOpen, setIsOpen] = useState(depth < 3);
  const label = name === null ? null : <span className="json-key">{name}: </span>;
  if (value !== null && typeof value === 'object') {
    // A screen reader hears what the toggle opens, not the triangle drawn on it.
    const what = name === null ? 'the whole value' : typeof path.at(-1) === 'number' ? `item ${name}` : name;
    const entries: [PathStep, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value as Record<string, unknown>);
    const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    return (
      <div className="json-node">
        <button
          type="button"
          className="json-toggle"
          aria-expanded={isOpen}
          aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${what}`}
          onClick={() => setIsOpen(!isOpen)}
        >
          <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
        </button>
        {label}
        <span className="json-punct">{brackets[0]}</span>
        {!isOpen && (
          <span className="muted">
            {' '}
            {entries.length} … {brackets[1]}
          </span>
        )}
        {isOpen && (
          <div className="json-children">
            {entries.slice(0, maxChildrenShown).map(([key, child]) => (
              <JsonNode
                key={String(key)}
                name={String(key)}
                value={child}
                path={[...path, key]}
                depth={depth + 1}
                onPick={onPick}
              />
            ))}
            {entries.length > maxChildrenShown && (
              <div className="muted">… {entries.length - maxChildrenShown} more</div>
            )}
          </div>
        )}
        {isOpen && <span className="json-punct">{brackets[1]}</span>}
      </div>
    );
  }
  const valueClass = value === null ? 'null' : typeof value;
  return (
    <div className="json-node json-leaf">
      {label}
      {onPick === undefined ? (
        <span className={`json-text json-${valueClass}`}>{JSON.stringify(value)}</span>
      ) : (
        <button
          type="button"
          className={`json-value json-${valueClass}`}
          title="Add as an output variable"
          onClick={() => onPick(path, value)}
        >
          {JSON.stringify(value)}
        </button>
      )}
    </div>
  );
});

/** A JSON value as a tree; with `onPick`, each value is a button that picks it. */
export function JsonValueTree({
  value,
  onPick,
}: {
  value: unknown;
  onPick?: (path: PathStep[], value: unknown) => void;
}): ReactElement {
  return (
    <div className="json-tree mono">
      <JsonNode name={null} value={value} path={[]} depth={0} onPick={onPick} />
    </div>
  );
}
