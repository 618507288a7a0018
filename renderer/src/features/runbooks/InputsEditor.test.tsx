import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunbookGraph, RunbookInput } from '../../../../shared/runbook/runbookGraph';
import { emptyHistory } from './canvasHistory';
import type * as designerStore from './designerStore';
import { useDesignerStore } from './designerStore';
import { InputsEditor } from './InputsEditor';

// Drawn to markup, a zustand store gives its initial state: here the editor reads what it holds now.
vi.mock('./designerStore', async (importOriginal) => {
  const real = await importOriginal<typeof designerStore>();
  type State = ReturnType<typeof real.useDesignerStore.getState>;
  const readNow = <Slice,>(selector: (state: State) => Slice) => selector(real.useDesignerStore.getState());
  return { ...real, useDesignerStore: Object.assign(readNow, real.useDesignerStore) };
});

/*
 * The tests have no DOM: the editor is drawn to markup, its buttons are pressed by calling their
 * handlers, and the page the keyboard moves in is a stand-in built from what was drawn — an element
 * per id, keeping focus while its id is still drawn (the rows are keyed by place, as in the window).
 */

const input = (name: string): RunbookInput => ({
  name,
  type: 'string',
  isRequired: false,
  defaultValue: '',
  description: '',
});

const graphWith = (names: string[]): RunbookGraph => ({
  inputs: names.map(input),
  steps: [{ id: 'start', name: 'Start', type: 'start' }],
  edges: [],
  positions: { start: { x: 0, y: 0 } },
});

interface DrawnProps {
  id?: string;
  value?: string;
  'aria-label'?: string;
  onClick?: () => void;
  children?: ReactNode;
}

/** The elements the editor last drew, with their props. */
let drawn: ReactElement<DrawnProps>[] = [];

function collect(node: ReactNode, into: ReactElement<DrawnProps>[]): void {
  if (Array.isArray(node)) node.forEach((child: ReactNode) => collect(child, into));
  else if (isValidElement<DrawnProps>(node)) {
    into.push(node);
    collect(node.props.children, into);
  }
}

function Editor(): ReactElement {
  const tree = InputsEditor();
  drawn = [];
  collect(tree, drawn);
  return tree;
}

/** A stand-in for the page: which id has focus, which field's text is selected, the frames asked for. */
const page = { ids: new Set<string>(), focused: null as string | null, selected: null as string | null };
let frames: (() => void)[] = [];

class Element {
  constructor(readonly id: string) {}
  get isConnected(): boolean {
    return page.ids.has(this.id);
  }
  focus(): void {
    page.focused = this.id;
  }
}
class InputElement extends Element {
  select(): void {
    page.selected = this.id;
  }
}

/** Draws the editor as the store holds it now, as the window does after a change. */
function draw(): void {
  renderToStaticMarkup(<Editor />);
  page.ids = new Set(drawn.flatMap((element) => element.props.id ?? []));
  if (page.focused !== null && !page.ids.has(page.focused)) page.focused = null;
}

function runFrames(): void {
  for (let frame = 0; frame < 10 && frames.length > 0; frame += 1) {
    const due = frames;
    frames = [];
    for (const callback of due) callback();
  }
}

const byLabel = (label: string) => {
  const found = drawn.find((element) => element.props['aria-label'] === label);
  if (found === undefined) throw new Error(`nothing labelled "${label}"`);
  return found.props;
};
const addInput = () => {
  const found = drawn.find(
    (element) => element.type === 'button' && [element.props.children].flat().includes(' Add input'),
  );
  if (found === undefined) throw new Error('no Add input button');
  return found.props;
};
/** Presses a button with the keyboard: it has focus, then its handler runs and the editor is drawn again. */
function press(button: DrawnProps): void {
  page.focused = button.id ?? null;
  button.onClick?.();
  draw();
}
const focusedLabel = () => drawn.find((element) => element.props.id === page.focused)?.props['aria-label'];

beforeEach(() => {
  vi.useFakeTimers();
  useDesignerStore.setState({ runbook: null, graph: graphWith(['ticket']), history: emptyHistory() });
  page.focused = null;
  page.selected = null;
  frames = [];
  vi.stubGlobal('HTMLInputElement', InputElement);
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
  vi.stubGlobal('document', {
    body: null,
    get activeElement() {
      return page.focused === null ? null : new Element(page.focused);
    },
    getElementById: (id: string) => {
      if (!page.ids.has(id)) return null;
      return drawn.find((element) => element.props.id === id)?.type === 'input'
        ? new InputElement(id)
        : new Element(id);
    },
  });
  draw();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the inputs editor from the keyboard', () => {
  it('puts the keyboard in the new input’s name after Add input, its default name selected to be typed over', () => {
    press(addInput());
    runFrames();
    const nameField = drawn.find((element) => element.type === 'input' && element.props.value === 'input2');
    expect(nameField?.props.id).toBeDefined();
    expect(page.focused).toBe(nameField?.props.id);
    expect(page.selected).toBe(nameField?.props.id);
  });

  it('after a removal, leaves the keyboard on the remove button of the input now in its place', () => {
    useDesignerStore.setState({ graph: graphWith(['a', 'b', 'c']) });
    draw();
    press(byLabel('Remove input b'));
    runFrames();
    expect(useDesignerStore.getState().graph?.inputs.map((each) => each.name)).toEqual(['a', 'c']);
    expect(focusedLabel()).toBe('Remove input c');
  });

  it('moves the keyboard to the input before when the last is removed, then to Add input', () => {
    useDesignerStore.setState({ graph: graphWith(['a', 'b']) });
    draw();
    press(byLabel('Remove input b'));
    runFrames();
    expect(focusedLabel()).toBe('Remove input a');
    press(byLabel('Remove input a'));
    runFrames();
    expect(useDesignerStore.getState().graph?.inputs).toEqual([]);
    expect(page.focused).toBe(addInput().id);
  });
});
