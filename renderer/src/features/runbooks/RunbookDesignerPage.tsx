/**
 * The designer: palette, canvas and inspector; saves as you go; Run shows each step's state live.
 * Versions publishes the draft and shows a published version read-only in place of the canvas.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../../api/client';
import { fetchCall, useCall } from '../../api/resources';
import { downloadFile } from '../../app/downloadFile';
import { Icon, type IconName } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import { CanvasToolbar } from './CanvasToolbar';
import { startDesignerRun, useLiveRun } from './designerRun';
import { DesignerRunStatus } from './DesignerRunStatus';
import { useDesignerStore } from './designerStore';
import { forkRunbook } from './forkRunbook';
import { Inspector } from './Inspector';
import { Palette } from './Palette';
import { RunbookCanvas } from './RunbookCanvas';
import { RunDialog, type StartedMode } from './RunDialog';
import type { RunInputValues } from './runInputValues';
import { startFromDialog } from '../runGroups/startFromDialog';
import type { ClientChoice } from '../runGroups/clientChoice';
import { RunbookDetailsDialog } from './RunbookDetailsDialog';
import { VersionComparisonView } from './VersionComparisonView';
import { TestCasesDialog } from './testCases/TestCasesDialog';
import { VersionsDialog, type VersionComparison, type ViewedVersion } from './VersionsDialog';
import { VersionView } from './VersionView';
import { ProblemsButton } from './ProblemsButton';
import { DebugBar } from './debug/DebugBar';
import { DebugContextPanel } from './debug/DebugContextPanel';
import { startDebugRun, useDebugEvents, useDebugStore } from './debug/debugSession';
import { useDebugShortcuts } from './debug/useDebugShortcuts';
import './designerBar.css';

const noInputs: never[] = [];
const select = (state: ReturnType<typeof useDesignerStore.getState>) => ({
  runbook: state.runbook,
  inputs: state.graph?.inputs ?? noInputs,
  saveState: state.saveState,
  saveError: state.saveError,
});

const saveLabels = {
  saved: 'Saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
} as const;

/** Downloads the runbook's file (the desktop app asks where to save it). */
async function exportToFile(runbookId: string): Promise<void> {
  try {
    await useDesignerStore.getState().saveNow();
    const { fileName, content, warnings } = await api.call('runbooks.export', { id: runbookId });
    downloadFile(fileName, content);
    useNoticeStore.getState().show('success', `Exported ${fileName}`);
    for (const warning of warnings) useNoticeStore.getState().show('error', warning);
  } catch (error) {
    useNoticeStore.getState().show('error', messageOf(error));
  }
}

/** A bar button that narrow windows show as its icon alone (designerBar.css); its name stays for screen readers. */
function DesignerAction({
  icon,
  label,
  title,
  opensDialog = false,
  isBusy = false,
  onClick,
}: {
  icon: IconName;
  label: string;
  title: string;
  opensDialog?: boolean;
  /** What the button started is still under way; a click now does nothing. */
  isBusy?: boolean;
  onClick: () => void;
}): ReactElement {
  return (
    <button
      type="button"
      className="button designer-action"
      aria-label={label}
      aria-disabled={isBusy}
      {...(opensDialog ? { 'aria-haspopup': 'dialog' as const } : {})}
      title={`${label}: ${title}`}
      onClick={onClick}
    >
      <Icon name={icon} /> <span className="designer-action-label">{label}</span>
    </button>
  );
}

export function RunbookDesignerPage({ runbookId }: { runbookId: string }): ReactElement {
  const { runbook, inputs, saveState, saveError } = useDesignerStore(useShallow(select));
  // The Run dialog, open for a run (in the mode it starts in: Dry run opens it with the dry run
  // chosen) or for a debug run.
  const [runDialog, setRunDialog] = useState<{ kind: 'run' | 'debug'; mode: StartedMode } | null>(null);
  const isPaused = useDebugStore((state) => state.pause !== null);
  // True while Run or Debug starts a run without the dialog: a second click would start another.
  const [isStarting, setIsStarting] = useState(false);
  const [isEditingDetails, setIsEditingDetails] = useState(false);
  const [isVersionsOpen, setIsVersionsOpen] = useState(false);
  const [isTestCasesOpen, setIsTestCasesOpen] = useState(false);
  // The version shown read-only, kept with its runbook so that opening another shows its draft.
  const [viewing, setViewing] = useState<{ runbookId: string; version: ViewedVersion } | null>(null);
  const [comparing, setComparing] = useState<{ runbookId: string; comparison: VersionComparison } | null>(
    null,
  );
  const compared = comparing?.runbookId === runbookId ? comparing.comparison : null;
  const viewed = viewing?.runbookId === runbookId && compared === null ? viewing.version : null;
  const isDraftShown = viewed === null && compared === null;
  const [error, setError] = useState<string | null>(null);
  useLiveRun();
  useDebugEvents();
  useDebugShortcuts();
  useEffect(() => {
    useDesignerStore
      .getState()
      .open(runbookId)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [runbookId]);

  const clients = useCall('runGroups.clients', { runbookId }).data ?? [];
  const run = async (values: RunInputValues, choice: ClientChoice, mode: StartedMode) => {
    if (runDialog?.kind === 'debug') await startDebugRun(runbookId, values);
    else
      await startFromDialog(
        runbookId,
        values,
        choice,
        (client) => startDesignerRun(runbookId, values, client, { mode }),
        () => useDesignerStore.getState().saveNow(),
      );
    setRunDialog(null);
  };
  // Only a runbook with inputs, or (for a run) with clients to choose from, asks first.
  const asksFirst = (kind: 'run' | 'debug') => inputs.length > 0 || (kind === 'run' && clients.length > 0);
  const onRunClick = (kind: 'run' | 'debug') => {
    if (asksFirst(kind)) {
      setRunDialog({ kind, mode: 'live' });
      return;
    }
    if (isStarting) return;
    setIsStarting(true);
    (kind === 'debug' ? startDebugRun : startDesignerRun)(runbookId, {})
      .catch((caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)))
      .finally(() => setIsStarting(false));
  };

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
        {/* Two rows, so that neither the name nor the run's state is ever cut short (designerBar.css):
            the runbook and what to do with it, then the canvas tools and the draft's and run's state. */}
        <header className="designer-bar">
          <div className="designer-title">
            <button type="button" className="link-button" onClick={() => navigate({ area: 'runbooks' })}>
              <Icon name="back" /> Runbooks
            </button>
            <h1>{runbook.name}</h1>
            <button
              type="button"
              className="icon-button"
              aria-label="Edit details"
              title="Name, description, category and tags"
              onClick={() => setIsEditingDetails(true)}
            >
              <Icon name="edit" />
            </button>
          </div>
          <div className="designer-actions">
            <DesignerAction
              icon="upload"
              label="Export"
              title="save the runbook, with the methods and integrations it uses, as a file for teammates (no secrets)"
              onClick={() => void exportToFile(runbookId)}
            />
            <DesignerAction
              icon="fork"
              label="Fork"
              title="copy this runbook into a new one, with its webhook and schedule off"
              onClick={() => void forkRunbook(runbookId)}
            />
            <DesignerAction
              icon="history"
              label="Versions"
              title="publish the draft, or view, switch off or restore a published version"
              opensDialog
              onClick={() => setIsVersionsOpen(true)}
            />
            <DesignerAction
              icon="check"
              label="Test cases"
              title="the runbook's test cases, replayed offline by Run tests"
              opensDialog
              onClick={() => setIsTestCasesOpen(true)}
            />
            <DesignerAction
              icon="shield"
              label="Dry run"
              title="run without changing anything: only GET, HEAD, OPTIONS and methods marked safe are sent"
              opensDialog
              onClick={() => setRunDialog({ kind: 'run', mode: 'dryRun' })}
            />
            <DesignerAction
              icon="debug"
              label="Debug"
              title="run the draft, pausing before each step with a breakpoint (F9 sets one on the selected step)"
              opensDialog={inputs.length > 0}
              isBusy={isStarting}
              onClick={() => onRunClick('debug')}
            />
            <button
              type="button"
              className="button button-primary"
              {...(asksFirst('run') ? { 'aria-haspopup': 'dialog' as const } : {})}
              // Not `disabled`: a disabled button loses focus, and the keyboard would start again at the top.
              aria-disabled={isStarting}
              onClick={() => onRunClick('run')}
            >
              <Icon name="runs" /> Run
            </button>
          </div>
          <div className="designer-tools">
            {isDraftShown && <CanvasToolbar />}
            <div className="designer-status">
              <span className={`save-state save-${saveState}`} title={saveError ?? undefined} role="status">
                {saveLabels[saveState]}
              </span>
              <ProblemsButton />
              <DesignerRunStatus />
            </div>
          </div>
          <DebugBar />
        </header>
        {isDraftShown && (
          <div className="designer-body">
            <Palette />
            <RunbookCanvas />
            {isPaused ? <DebugContextPanel /> : <Inspector />}
          </div>
        )}
        {viewed !== null && (
          <VersionView runbookId={runbookId} version={viewed} onClose={() => setViewing(null)} />
        )}
        {compared !== null && (
          <VersionComparisonView comparison={compared} onClose={() => setComparing(null)} />
        )}
        {runDialog !== null && (
          <RunDialog
            inputs={inputs}
            clients={runDialog.kind === 'debug' ? [] : clients}
            isDebugRun={runDialog.kind === 'debug'}
            initialMode={runDialog.mode}
            onRun={run}
            onClose={() => setRunDialog(null)}
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
              setComparing(null);
              setViewing({ runbookId, version });
            }}
            onCompare={(comparison) => {
              setIsVersionsOpen(false);
              setViewing(null);
              setComparing({ runbookId, comparison });
            }}
            onRestored={() => {
              setIsVersionsOpen(false);
              setViewing(null);
              setComparing(null);
            }}
            onClose={() => setIsVersionsOpen(false)}
          />
        )}
      </section>
    </ReactFlowProvider>
  );
}
