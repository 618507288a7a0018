/** The side of a run's page: the inputs it was given, what started it, and every step's record. */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type RefObject } from 'react';
import { countOf } from '../../app/countOf';
import { countText } from '../../../../shared/domain/countText';
import { Icon } from '../../app/icons';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { stepTypes, type Step, type StepType } from '../../../../shared/runbook/stepTypes';
import type { ShownRun } from './runEvents';
import { isFinding, noRecordFind, recordsFound, type RecordFind } from './recordsFound';
import { RunInputs } from './RunInputs';
import { RunTriggerFacts } from './RunTriggerFacts';
import { StepRecordView } from './StepRecordView';
import { useWhenNearView } from './useRunPages';

/**
 * Records drawn at first, and added each time the list's end comes near (or "Show more" is
 * pressed): a run holds up to 10,000, and drawing 1,000 at once held the window seconds.
 */
export const recordsPerPage = 200;

/** A run of more records than this has a find box above them (a shorter one fits in view). */
const findShownAbove = 10;

export function RunRecords({
  runId,
  run,
  graph,
  draftSteps,
  isGoing,
  selectedSeq,
  nameOf,
  onSelectSeq,
  onReadWhole,
  onRerunFrom,
}: {
  runId: string;
  run: ShownRun;
  /** The graph the run ran, once read. */
  graph: RunbookGraph | undefined;
  /** The steps of the runbook's draft now; undefined when the runbook is not read or no longer exists. */
  draftSteps: readonly Step[] | undefined;
  isGoing: boolean;
  /** The record opened and marked, by its seq. */
  selectedSeq: number | null;
  nameOf: (stepId: string) => string;
  onSelectSeq: (seq: number) => void;
  onReadWhole: (seq: number) => void;
  onRerunFrom: (stepId: string) => void;
}): ReactElement {
  // By id: a record each, and a run of 1,000 steps looked each one up in the whole list.
  const draftById = useMemo(() => new Map(draftSteps?.map((step) => [step.id, step])), [draftSteps]);
  const [pages, setPages] = useState(1);
  const [find, setFind] = useState<RecordFind>(noRecordFind);
  const found = useMemo(() => recordsFound(run.steps, find, nameOf), [run.steps, find, nameOf]);
  const changeFind = (change: Partial<RecordFind>) => {
    setFind((current) => ({ ...current, ...change }));
    setPages(1);
  };
  // A record chosen on the canvas is drawn, however far down the list it is.
  const selectedIndex = selectedSeq === null ? -1 : found.findIndex((record) => record.seq === selectedSeq);
  // …and one the find hides ends the find, once, when it is chosen (not as the user types).
  const [seenSelected, setSeenSelected] = useState(selectedSeq);
  if (seenSelected !== selectedSeq) {
    setSeenSelected(selectedSeq);
    if (
      selectedSeq !== null &&
      selectedIndex === -1 &&
      run.steps.some((record) => record.seq === selectedSeq)
    )
      setFind(noRecordFind);
  }
  const shownCount = Math.min(found.length, Math.max(pages * recordsPerPage, selectedIndex + 1));
  const notShown = found.length - shownCount;
  const showMore = useCallback(() => setPages(Math.floor(shownCount / recordsPerPage) + 1), [shownCount]);
  const end = useRef<HTMLDivElement>(null);
  useWhenNearView(end, showMore, notShown > 0);
  const findBox = useRef<HTMLInputElement>(null);
  const hasFind = run.steps.length > findShownAbove || isFinding(find);
  useFindShortcut(findBox, hasFind);
  return (
    <aside className="run-records" aria-label="Step records">
      <h2>Inputs</h2>
      <RunInputs inputs={run.inputs} declared={graph?.inputs} />
      <RunTriggerFacts run={run} />
      <h2>Steps</h2>
      {hasFind && (
        <RecordsFindBox
          inputRef={findBox}
          find={find}
          foundCount={found.length}
          totalCount={run.steps.length}
          onChange={changeFind}
        />
      )}
      {/* Room for the numbers: "1,000." was cut to "000." in the 20px the list had. */}
      <ol className="run-steps" style={{ paddingLeft: `${String(String(run.steps.length).length + 2)}ch` }}>
        {found.slice(0, shownCount).map((record) => (
          <StepRecordView
            key={record.seq}
            runId={runId}
            record={record}
            runStatus={run.status}
            name={nameOf(record.stepId)}
            draftStep={draftById.get(record.stepId)}
            isSelected={record.seq === selectedSeq}
            canRerun={
              !isGoing && stepTypes[record.stepType as StepType]?.isStart !== true && draftSteps !== undefined
            }
            onToggle={(isOpen) => {
              if (isOpen) onSelectSeq(record.seq);
            }}
            onReadWhole={onReadWhole}
            onRerunFrom={() => onRerunFrom(record.stepId)}
          />
        ))}
      </ol>
      {notShown > 0 && (
        <MoreRecords
          endRef={end}
          notShown={notShown}
          onShowMore={() => {
            // The keyboard goes on from the first record it drew, not from a button that may go.
            const firstNew = found[shownCount];
            showMore();
            if (firstNew !== undefined)
              requestAnimationFrame(() =>
                document.querySelector<HTMLElement>(`#record-${String(firstNew.seq)} summary`)?.focus(),
              );
          }}
        />
      )}
    </aside>
  );
}

/** The find above a long run's records: text in a step's name or id, failed ones only, and how many match. */
function RecordsFindBox({
  inputRef,
  find,
  foundCount,
  totalCount,
  onChange,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  find: RecordFind;
  foundCount: number;
  totalCount: number;
  onChange: (change: Partial<RecordFind>) => void;
}): ReactElement {
  return (
    <div className="run-records-find" role="search">
      <label className="search-field">
        <span className="visually-hidden">Find step records</span>
        <Icon name="search" />
        <input
          ref={inputRef}
          type="search"
          placeholder="Find a step by name"
          value={find.text}
          onChange={(event) => onChange({ text: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && find.text !== '') {
              event.preventDefault();
              onChange({ text: '' });
            }
          }}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={find.isFailedOnly}
          onChange={(event) => onChange({ isFailedOnly: event.target.checked })}
        />
        Failed only
      </label>
      {isFinding(find) && (
        <p className="muted run-records-found" role="status">
          {foundCount === 0
            ? 'No step record matches.'
            : `${countText(foundCount)} ${foundCount === 1 ? 'record' : 'records'} of ${countText(totalCount)} match.`}
        </p>
      )}
    </div>
  );
}

/** The end of a list not all drawn yet: how many records are left, and the button that draws more. */
function MoreRecords({
  endRef,
  notShown,
  onShowMore,
}: {
  endRef: RefObject<HTMLDivElement | null>;
  notShown: number;
  onShowMore: () => void;
}): ReactElement {
  return (
    <div ref={endRef} className="run-records-more">
      <p className="muted">{countOf(notShown, 'more record')} not shown yet.</p>
      <button type="button" className="button" onClick={onShowMore}>
        Show {countOf(Math.min(notShown, recordsPerPage), 'more record')}
      </button>
    </div>
  );
}

/**
 * Ctrl+F (⌘F) takes the keyboard to the find box while the page has one: the browser's own find
 * sees only the records drawn so far. Pressed again in the box, it is the browser's.
 */
function useFindShortcut(box: RefObject<HTMLInputElement | null>, isOn: boolean): void {
  useEffect(() => {
    if (!isOn) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== 'f' || box.current === null || document.activeElement === box.current)
        return;
      event.preventDefault();
      box.current.focus();
      box.current.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [box, isOn]);
}
