/**
 * Two versions of a runbook compared, in place of the designer's canvas: both overlaid on one
 * read-only canvas (added, removed, changed and moved steps coloured), and beside it every changed
 * field, before and after, or the two export files' lines that differ.
 */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useMemo, useState, type ReactElement } from 'react';
import type { RunbookComparison } from '../../../../shared/domain/runbookComparison';
import { Icon } from '../../app/icons';
import { moveBetweenTabs } from '../../app/tablistKeys';
import { comparisonCanvasOf, shownValue } from './comparisonCanvas';
import { DiffHunks } from './DiffHunks';
import { ReadOnlyCanvas } from './ReadOnlyCanvas';
import './versions.css';
import { countOf } from '../../app/countOf';

type Tab = 'changes' | 'file';
const tabs: readonly Tab[] = ['changes', 'file'];
const tabLabels: Record<Tab, string> = { changes: 'Changes', file: 'Export file' };
const kindLabels = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

type FieldChanges = RunbookComparison['diff']['steps'][number]['fields'];

function FieldTable({
  fields,
  caption,
  nameOf,
}: {
  fields: FieldChanges;
  caption: string;
  nameOf: (stepId: string) => string | undefined;
}): ReactElement {
  return (
    <table className="diff-fields">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.path}>
            <th scope="row" className="mono">
              {field.path}
            </th>
            <td className="mono diff-before">{shownValue(field.before, field.path, nameOf)}</td>
            <td className="mono diff-after">{shownValue(field.after, field.path, nameOf)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every changed step and input, each with its fields; choosing a step shows it on the canvas. */
function ChangeList({
  comparison,
  selected,
  onChoose,
}: {
  comparison: RunbookComparison;
  selected: string | null;
  onChoose: (stepId: string) => void;
}): ReactElement {
  const { steps, inputs, moved } = comparison.diff;
  const names = new Map(
    [...comparison.from.graph.steps, ...comparison.to.graph.steps].map((step) => [step.id, step.name]),
  );
  const nameOf = (stepId: string) => names.get(stepId);
  if (steps.length === 0 && inputs.length === 0)
    return (
      <p className="muted">
        No step or input differs
        {moved.length > 0 ? `; ${countOf(moved.length, 'step')} only moved on the canvas` : ''}.
      </p>
    );
  return (
    <ul className="diff-changes" aria-label="Changed steps and inputs">
      {steps.map((step) => (
        <li key={step.stepId} className={step.stepId === selected ? 'is-selected' : undefined}>
          <button type="button" className="diff-change-title" onClick={() => onChoose(step.stepId)}>
            <span className={`badge diff-badge-${step.kind}`}>{kindLabels[step.kind]}</span>
            <strong>{step.name}</strong>
          </button>
          {step.kind === 'changed' && (
            <FieldTable fields={step.fields} caption={`Changes of ${step.name}`} nameOf={nameOf} />
          )}
        </li>
      ))}
      {inputs.map((input) => (
        <li key={`input:${input.name}`}>
          <span className="diff-change-title">
            <span className={`badge diff-badge-${input.kind}`}>{kindLabels[input.kind]}</span>
            Input <strong className="mono">{input.name}</strong>
          </span>
          {input.kind === 'changed' && (
            <FieldTable fields={input.fields} caption={`Changes of input ${input.name}`} nameOf={nameOf} />
          )}
        </li>
      ))}
      {moved.length > 0 && (
        <li className="muted">Only moved on the canvas: {countOf(moved.length, 'step')}.</li>
      )}
    </ul>
  );
}

/** The export files' differing lines, with three kept lines around each change. */
function FileDiff({ comparison }: { comparison: RunbookComparison }): ReactElement {
  const { file, from, to } = comparison;
  if ('unavailable' in file) return <p className="muted">{file.unavailable}</p>;
  if (file.hunks.length === 0) return <p className="muted">The two export files are the same.</p>;
  return (
    <DiffHunks
      hunks={file.hunks}
      labelOf={(position) => `Change ${String(position)} of the file`}
      words={{ remove: 'removed', add: 'added' }}
    >
      <p className="muted">
        {countOf(file.changedLines, 'line')} {file.changedLines === 1 ? 'differs' : 'differ'} between the
        files of {from.label} and {to.label}.
      </p>
    </DiffHunks>
  );
}

function ComparisonBody({ comparison }: { comparison: RunbookComparison }): ReactElement {
  const [tab, setTab] = useState<Tab>('changes');
  const [selected, setSelected] = useState<string | null>(null);
  const canvas = useMemo(() => comparisonCanvasOf(comparison), [comparison]);
  const flow = useReactFlow();
  const choose = (stepId: string) => {
    setSelected(stepId);
    void flow.fitView({ nodes: [{ id: stepId }], maxZoom: 1.2, duration: 200 });
  };
  const label = `${comparison.from.label} and ${comparison.to.label} overlaid`;
  return (
    <div className="comparison-body">
      <div className="canvas version-canvas">
        <ReadOnlyCanvas
          graph={canvas.graph}
          label={label}
          stepLooks={canvas.stepLooks}
          edgeLooks={canvas.edgeLooks}
          onSelect={(stepId) => {
            setSelected(stepId);
            setTab('changes');
          }}
          hasControls
        />
      </div>
      <aside className="comparison-panel" aria-label="Differences">
        <div role="tablist" aria-label="Differences" className="segmented">
          {tabs.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`comparison-tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`comparison-panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              className={tab === name ? 'is-selected' : undefined}
              onClick={() => setTab(name)}
              onKeyDown={(event) => moveBetweenTabs(event, tabs, tab, setTab)}
            >
              {tabLabels[name]}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`comparison-panel-${tab}`} aria-labelledby={`comparison-tab-${tab}`}>
          {tab === 'changes' ? (
            <ChangeList comparison={comparison} selected={selected} onChoose={choose} />
          ) : (
            <FileDiff comparison={comparison} />
          )}
        </div>
      </aside>
    </div>
  );
}

export function VersionComparisonView({
  comparison,
  onClose,
}: {
  comparison: RunbookComparison;
  onClose: () => void;
}): ReactElement {
  const { from, to } = comparison;
  return (
    <div className="version-view">
      <div className="version-banner" role="region" aria-label={`Comparing ${from.label} with ${to.label}`}>
        <Icon name="history" />
        <span className="version-banner-text">
          <strong>
            {from.label} → {to.label}
          </strong>{' '}
          <span className="comparison-legend">
            <span className="badge diff-badge-added">Added</span>
            <span className="badge diff-badge-removed">Removed</span>
            <span className="badge diff-badge-changed">Changed</span>
          </span>
        </span>
        <button type="button" className="button button-primary" onClick={onClose}>
          <Icon name="back" /> Back to the draft
        </button>
      </div>
      {/* Its own flow store: the draft's canvas and its toolbar keep theirs. */}
      <ReactFlowProvider>
        <ComparisonBody comparison={comparison} />
      </ReactFlowProvider>
    </div>
  );
}
