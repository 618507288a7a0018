/**
 * The Execute method step's method picker: an ARIA combobox whose listbox groups the methods by
 * integration. Typing filters by method and integration name; arrows move, Enter picks, Escape
 * closes. Only the first matches are drawn, so hundreds of methods stay quick to type through.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { CatalogMethod } from '../methodCatalog';
import { inListOrder, searchMethods, type MethodGroup } from './methodSearch';

/** A catalog method under the name the search reads. */
type PickableMethod = CatalogMethod & { name: string };

/** More matches than this are left out of the list until the search narrows them. */
const mostShown = 120;

/** The groups cut to the first `limit` methods in list order. */
function firstOf(groups: MethodGroup<PickableMethod>[], limit: number): MethodGroup<PickableMethod>[] {
  const shown: MethodGroup<PickableMethod>[] = [];
  let left = limit;
  for (const group of groups) {
    if (left <= 0) break;
    shown.push({ ...group, methods: group.methods.slice(0, left) });
    left -= group.methods.length;
  }
  return shown;
}

/** "Integration · Method", how a chosen method reads in the closed picker. */
function methodLabel(method: Pick<CatalogMethod, 'integrationName' | 'definition'>): string {
  return `${method.integrationName} · ${method.definition.name}`;
}

export function MethodPicker({
  methods,
  chosenId,
  onChoose,
  label = 'Method',
}: {
  methods: CatalogMethod[];
  chosenId: string;
  onChoose: (method: CatalogMethod) => void;
  /** The field's name (a Wait for approval's Notify request names its own). */
  label?: string;
}): ReactElement {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const chosen = methods.find((method) => method.id === chosenId);
  const isOpen = query !== null;
  const searchable = useMemo<PickableMethod[]>(
    () => methods.map((method) => ({ ...method, name: method.definition.name })),
    [methods],
  );
  const groups = useMemo(() => (query === null ? [] : searchMethods(searchable, query)), [searchable, query]);
  const shown = useMemo(() => firstOf(groups, mostShown), [groups]);
  const order = useMemo(() => inListOrder(shown), [shown]);
  const positionOf = useMemo(() => new Map(order.map((method, position) => [method.id, position])), [order]);
  const matchCount = useMemo(() => inListOrder(groups).length, [groups]);
  const optionId = (index: number) => `${id}-option-${String(index)}`;

  const open = (text: string) => {
    setQuery(text);
    setActive(0);
  };
  const pick = (method: CatalogMethod | undefined) => {
    if (method === undefined) return;
    setQuery(null);
    onChoose(method);
  };
  const move = (next: number) => {
    setActive(next);
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = order.length;
    if (!isOpen && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) open('');
    else if (isOpen && event.key === 'ArrowDown' && count > 0) move((active + 1) % count);
    else if (isOpen && event.key === 'ArrowUp' && count > 0) move((active - 1 + count) % count);
    else if (isOpen && event.key === 'Home' && count > 0) move(0);
    else if (isOpen && event.key === 'End' && count > 0) move(count - 1);
    else if (isOpen && event.key === 'Enter') pick(order[active]);
    else if (isOpen && event.key === 'Escape') setQuery(null);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="method-picker">
      <label className="inline-label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <input
        ref={input}
        id={`${id}-input`}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isOpen}
        aria-controls={`${id}-list`}
        aria-activedescendant={isOpen && order.length > 0 ? optionId(active) : undefined}
        aria-describedby={`${id}-count`}
        placeholder={methods.length === 0 ? 'No methods yet' : 'Search by integration or name…'}
        value={query ?? (chosen === undefined ? '' : methodLabel(chosen))}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => open(event.target.value)}
        onFocus={(event) => event.currentTarget.select()}
        onClick={() => {
          if (!isOpen) open('');
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
      <span id={`${id}-count`} className="visually-hidden" aria-live="polite">
        {isOpen ? `${String(matchCount)} methods match` : ''}
      </span>
      {isOpen && (
        <MethodListbox
          id={id}
          shown={shown}
          positionOf={positionOf}
          active={active}
          hidden={matchCount - order.length}
          query={query}
          onPick={pick}
        />
      )}
    </div>
  );
}

/**
 * The open list: the shown matches grouped by integration, then a note when none match or some
 * are left out. A press anywhere in it keeps the focus in the search box (a scroll bar too).
 */
function MethodListbox({
  id,
  shown,
  positionOf,
  active,
  hidden,
  query,
  onPick,
}: {
  id: string;
  shown: MethodGroup<PickableMethod>[];
  positionOf: ReadonlyMap<string, number>;
  active: number;
  /** How many matches are left out. */
  hidden: number;
  query: string;
  onPick: (method: PickableMethod) => void;
}): ReactElement {
  return (
    <div className="completion-list method-list" onMouseDown={(event) => event.preventDefault()}>
      <div id={`${id}-list`} role="listbox" aria-label="Methods">
        {shown.map((group) => (
          <div key={group.integrationId} role="group" aria-labelledby={`${id}-group-${group.integrationId}`}>
            <div id={`${id}-group-${group.integrationId}`} className="method-group">
              {group.integrationName}
            </div>
            {group.methods.map((method) => {
              const position = positionOf.get(method.id) ?? -1;
              return (
                <div
                  key={method.id}
                  id={`${id}-option-${String(position)}`}
                  role="option"
                  aria-selected={position === active}
                  className={position === active ? 'is-active' : undefined}
                  onClick={() => onPick(method)}
                >
                  {method.definition.name}
                  <span className="completion-hint">
                    {method.definition.httpMethod} {method.definition.path}
                  </span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {shown.length === 0 && <p className="method-list-note">No method matches “{query}”.</p>}
      {hidden > 0 && (
        <p className="method-list-note">{hidden} more — type more of a name to narrow the list.</p>
      )}
    </div>
  );
}
