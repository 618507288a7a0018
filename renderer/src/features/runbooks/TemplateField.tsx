/**
 * A template field with completion at the caret: typing `{{` lists the variables in scope at the
 * selected step and the configuration values a run's client gives (`config.<prefix>.<field>`); arrows move, Enter or Tab inserts, Escape closes (an ARIA combobox). The open
 * list and its active option stay in view: the list opens above the field when there is no room
 * below, and the inspector scrolls to the option the arrows reach.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import {
  applyCompletion,
  completionAtCaret,
  type CaretCompletion,
} from '../../../../shared/expressions/completeAtCaret';
import { completionsAt, describeVariable, scopeAt } from '../../../../shared/runbook/variablesInScope';
import { useConfigValueHints, type ConfigValueHints } from './configValuePaths';
import { useDesignerStore } from './designerStore';
import { useMethodCatalog } from './methodCatalog';

type DesignerState = ReturnType<typeof useDesignerStore.getState>;
const selectGraph = (state: DesignerState) => state.graph;
const selectSelectedId = (state: DesignerState) => state.selectedId;

/** The list's tallest (its max-height in triggers.css): less room than this below opens it above. */
const listMaxHeight = 220;

/** The part of the window where `element` can be seen: its nearest scrolling ancestor's box. */
function visibleSpanOf(element: HTMLElement): { top: number; bottom: number } {
  let span = { top: 0, bottom: window.innerHeight };
  for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
    const overflow = getComputedStyle(parent).overflowY;
    if (overflow !== 'auto' && overflow !== 'scroll') continue;
    const box = parent.getBoundingClientRect();
    span = { top: Math.max(span.top, box.top), bottom: Math.min(span.bottom, box.bottom) };
    break;
  }
  return span;
}

/** Whether a list opened at `field` fits below it; if not, whether there is more room above. */
function opensAbove(field: HTMLElement): boolean {
  const box = field.getBoundingClientRect();
  const span = visibleSpanOf(field);
  const below = span.bottom - box.bottom;
  return below < listMaxHeight && box.top - span.top > below;
}

/** The variable paths usable at the selected step, then the configuration values of its client. */
function useVariablesInScope(configValues: ConfigValueHints): string[] {
  const graph = useDesignerStore(selectGraph);
  const stepId = useDesignerStore(selectSelectedId);
  const methods = useMethodCatalog();
  return useMemo(() => {
    if (graph === null || stepId === null) return [];
    const outputsOf = (methodId: string) =>
      methods.find((method) => method.id === methodId)?.definition.outputs.map((output) => output.name);
    return [...completionsAt(scopeAt(graph, stepId, outputsOf)), ...configValues.keys()];
  }, [graph, stepId, methods, configValues]);
}

export function TemplateField({
  id,
  label,
  value,
  onChange,
  extraVariables,
}: {
  /** The field's id, for a form that moves the keyboard to it. */
  id?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Variables known in this field only, offered first (a Notify request's {{approval.link}}). */
  extraVariables?: readonly string[];
}): ReactElement {
  const configValues = useConfigValueHints();
  const inScope = useVariablesInScope(configValues);
  const variables = useMemo(
    () => (extraVariables === undefined ? inScope : [...extraVariables, ...inScope]),
    [extraVariables, inScope],
  );
  const input = useRef<HTMLInputElement>(null);
  const [completion, setCompletion] = useState<CaretCompletion | null>(null);
  const [active, setActive] = useState(0);
  const [isAbove, setIsAbove] = useState(false);
  const listId = useId();
  const isOpen = completion !== null && completion.matches.length > 0;

  // The open list, then the option the arrows reach, are scrolled into view: the inspector's scroll
  // and the list's own (a field at the inspector's bottom would open its list out of sight).
  useEffect(() => {
    if (!isOpen) return;
    document.getElementById(listId)?.scrollIntoView({ block: 'nearest' });
    document.getElementById(`${listId}-${String(active)}`)?.scrollIntoView({ block: 'nearest' });
  }, [isOpen, active, isAbove, listId]);

  const refresh = (text: string, caret: number | null) => {
    const next = caret === null ? null : completionAtCaret(text, caret, variables);
    // Where the list goes is chosen as it opens, so it does not jump while the user types.
    if (!isOpen && input.current !== null) setIsAbove(opensAbove(input.current));
    setCompletion(next);
    setActive(0);
  };
  const choose = (path: string) => {
    const element = input.current;
    if (element === null || completion === null) return;
    const caret = element.selectionStart ?? value.length;
    const next = applyCompletion(value, caret, completion, path);
    onChange(next.text);
    setCompletion(null);
    requestAnimationFrame(() => element.setSelectionRange(next.caret, next.caret));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!isOpen) return;
    const count = completion.matches.length;
    if (event.key === 'ArrowDown') setActive((active + 1) % count);
    else if (event.key === 'ArrowUp') setActive((active - 1 + count) % count);
    else if (event.key === 'Enter' || event.key === 'Tab') choose(completion.matches[active] ?? '');
    else if (event.key === 'Escape') setCompletion(null);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className="template-field">
      <label className="inline-label">
        <span id={`${listId}-label`}>{label}</span>
        <input
          ref={input}
          id={id}
          // Named by the label's text alone, not by what has been typed.
          aria-labelledby={`${listId}-label`}
          className="mono"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={isOpen}
          aria-controls={listId}
          aria-activedescendant={isOpen ? `${listId}-${String(active)}` : undefined}
          value={value}
          placeholder="text or {{variable}}"
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            onChange(event.target.value);
            refresh(event.target.value, event.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onClick={(event) => refresh(value, event.currentTarget.selectionStart)}
          onBlur={() => setCompletion(null)}
        />
      </label>
      {isOpen && (
        <ul
          id={listId}
          role="listbox"
          aria-label={`Variables for ${label}`}
          className={isAbove ? 'completion-list is-above' : 'completion-list'}
        >
          {completion.matches.map((path, index) => (
            <li
              key={path}
              id={`${listId}-${String(index)}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'is-active' : undefined}
              // Chosen on mouse down, before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(path);
              }}
            >
              {path}{' '}
              <span className="completion-hint">{configValues.get(path) ?? describeVariable(path)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
