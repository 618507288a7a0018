/**
 * The designer: palette, canvas and inspector; saves as you go; Run shows each step's state live.
 * Versions publishes the draft and shows a published version read-only in place of the canvas.
 * Its bar is DesignerBar.tsx; how Run, Dry run and Debug start, useDesignerRunStart.ts; which of
 * the draft, a version or a comparison shows, useShownVersion.ts.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fetchCall } from '../../api/resources';
import { messageOf } from '../../app/errorMessage';
import { useUnsavedEditsGuard } from '../../app/unsavedEdits';
import { useLiveRun } from './designerRun';
import { DesignerBar } from './DesignerBar';
import { useDesignerStore } from './designerStore';
import { Inspector } from './Inspector';
import { Palette } from './Palette';
import { RunbookCanvas } from './RunbookCanvas';
import { RunDialog } from './RunDialog';
import { RunbookDetailsDialog } from './RunbookDetailsDialog';
import { VersionComparisonView } from './VersionComparisonView';
import { TestCasesDialog } from './testCases/TestCasesDialog';
import { useDesignerRunStart } from './useDesignerRunStart';
import { useShownVersion } from './useShownVersion';
import { useStoredDraftChanges } from './useStoredDraftChanges';
import { VersionsDialog } from './VersionsDialog';
import { VersionView } from './VersionView';
import { DebugContextPanel } from './debug/DebugContextPanel';
import { useDebugEvents, useDebugStore } from './debug/debugSession';
import { useTakeUpPausedRun } from './debug/takeUpPausedRun';
import { useDebugShortcuts } from './debug/useDebugShortcuts';
import './designerBar.css';

const noInputs: never[] = [];
const select = (state: ReturnType<typeof useDesignerStore.getState>) => ({
  runbook: state.runbook,
  inputs: state.graph?.inputs ?? noInputs,
  isDraftRefused: state.saveRefusal?.isDraftRefused === true,
});

export function RunbookDesignerPage({ runbookId }: { runbookId: string }): ReactElement {
  const { runbook, inputs, isDraftRefused } = useDesignerStore(useShallow(select));
  // A draft the backend refuses to save holds the only copy of its edits: leaving the page, or
  // opening another runbook, asks first instead of dropping every edit since the last save.
  useUnsavedEditsGuard(isDraftRefused);
  const isPaused = useDebugStore((state) => state.pause !== null);
  const [isEditingDetails, setIsEditingDetails] = useState(false);
  const [isVersionsOpen, setIsVersionsOpen] = useState(false);
  const [isTestCasesOpen, setIsTestCasesOpen] = useState(false);
  const shown = useShownVersion(runbookId);
  const [error, setError] = useState<string | null>(null);
  useLiveRun();
  useStoredDraftChanges();
  useDebugEvents();
  useTakeUpPausedRun();
  useDebugShortcuts();
  useEffect(() => {
    useDesignerStore
      .getState()
      .open(runbookId)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [runbookId]);
  const starting = useDesignerRunStart(runbookId, inputs.length);
  const { runDialog } = starting;

  if (error !== null || runbook === null) {
    return (
      <section className="page">
        {error !== null && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </section>
    );
  }
  return (
    // The provider spans the bar so its canvas buttons can zoom and fit.
    <ReactFlowProvider>
      <section className="designer">
        <DesignerBar
          runbookId={runbookId}
          name={runbook.name}
          isDraftShown={shown.isDraftShown}
          hasInputs={inputs.length > 0}
          isStarting={starting.isStarting}
          doesRunAskFirst={starting.asksFirst('run')}
          onEditDetails={() => setIsEditingDetails(true)}
          onOpenVersions={() => setIsVersionsOpen(true)}
          onOpenTestCases={() => setIsTestCasesOpen(true)}
          onDryRun={() => starting.openRunDialog({ kind: 'run', mode: 'dryRun' })}
          onStart={starting.start}
        />
        {shown.isDraftShown && (
          <div className="designer-body">
            <Palette />
            <RunbookCanvas />
            {isPaused ? <DebugContextPanel /> : <Inspector />}
          </div>
        )}
        {shown.viewed !== null && (
          <VersionView runbookId={runbookId} version={shown.viewed} onClose={shown.closeView} />
        )}
        {shown.compared !== null && (
          <VersionComparisonView comparison={shown.compared} onClose={shown.closeComparison} />
        )}
        {runDialog !== null && (
          <RunDialog
            inputs={inputs}
            clients={runDialog.kind === 'debug' ? [] : starting.clients}
            isDebugRun={runDialog.kind === 'debug'}
            initialMode={runDialog.mode}
            onRun={starting.runFromDialog}
            onClose={() => starting.openRunDialog(null)}
          />
        )}
        {isEditingDetails && (
          <RunbookDetailsDialog
            runbook={runbook}
            onSaved={() =>
              void fetchCall('runbooks.get', { id: runbookId }).then((fresh) =>
                useDesignerStore.setState({ runbook: fresh }),
              )
            }
            onClose={() => setIsEditingDetails(false)}
          />
        )}
        {isTestCasesOpen && (
          <TestCasesDialog runbookId={runbookId} onClose={() => setIsTestCasesOpen(false)} />
        )}
        {isVersionsOpen && (
          <VersionsDialog
            runbookId={runbookId}
            onView={(version) => {
              setIsVersionsOpen(false);
              shown.view(version);
            }}
            onCompare={(comparison) => {
              setIsVersionsOpen(false);
              shown.compare(comparison);
            }}
            onRestored={() => {
              setIsVersionsOpen(false);
              shown.showDraft();
            }}
            onClose={() => setIsVersionsOpen(false)}
          />
        )}
      </section>
    </ReactFlowProvider>
  );
}
